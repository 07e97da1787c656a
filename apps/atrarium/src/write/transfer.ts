// The owner-transfer write routes. transferOwnership: the owner offers the community to a current
// member (a net.atrarium.community.transfer record in the owner's repo). acceptTransfer: the member
// offered it writes, in their own repo, a config copying the current one (same hashtag), the
// community's feed generator record under their DID and the acceptance; the registry hands the
// community over when it has indexed all three (registry/transfer-rule.ts), so nothing here decides.
import {
  COMMUNITY_CONFIG_NSID,
  COMMUNITY_TRANSFER_ACCEPT_NSID,
  COMMUNITY_TRANSFER_NSID,
  type CommunityAcceptTransferOutput,
  type CommunityGetViewerStateTransferOffer,
  type CommunityTransferOwnershipOutput,
  validateCommunityConfig,
  validateCommunityTransfer,
  validateCommunityTransferAccept,
} from "@atrarium/lexicon";
import { openCommunity } from "../api/community-access.ts";
import type { ApiContext } from "../api/method.ts";
import type { CommunityInfo } from "../community/api-queries.ts";
import { FEED_COLLECTION } from "../routes/feed-generator.ts";
import { XrpcError } from "../shared/xrpc-error.ts";
import { createOwnRecord, indexOwnWrite } from "./own-write.ts";
import { asJson, validRecord } from "./valid-record.ts";

type Out<T> = Omit<T, "stale">;

export async function transferOwnership(
  ctx: ApiContext,
  id: string,
  newOwner: string,
): Promise<{ body: Out<CommunityTransferOwnershipOutput>; stale: boolean }> {
  const open = await openCommunity(ctx, id);
  const { info } = await open.read({ kind: "info" });
  if (info.owner !== ctx.viewer)
    throw new XrpcError(403, "Forbidden", "only the community's owner may hand it over");
  const { answer } = await open.read({ kind: "viewer", did: newOwner });
  if (newOwner === info.owner || answer.role === null || answer.blocked)
    throw new XrpcError(400, "NotAMember", "newOwner: must be a current member of the community");
  const record = validRecord(
    validateCommunityTransfer({
      $type: COMMUNITY_TRANSFER_NSID,
      community: open.entry.configUri,
      newOwner,
      createdAt: new Date().toISOString(),
    }),
  );
  const ack = await createOwnRecord(ctx, COMMUNITY_TRANSFER_NSID, asJson(record));
  return { body: { uri: ack.uri, cid: ack.cid }, stale: await open.stale() };
}

/** The new owner's config: the current one's contents, created now, in the caller's repo. */
function copiedConfig(info: CommunityInfo, now: Date) {
  return validRecord(
    validateCommunityConfig({
      $type: COMMUNITY_CONFIG_NSID,
      name: info.name,
      ...(info.description !== undefined ? { description: info.description } : {}),
      hashtag: info.hashtag,
      stage: info.stage,
      feedMix: info.feedMix,
      moderators: info.moderators,
      ...(info.parentCommunity !== undefined ? { parentCommunity: info.parentCommunity } : {}),
      // An invite-only community stays invite-only: its requests must not turn into members.
      ...(info.accessType !== undefined ? { accessType: info.accessType } : {}),
      createdAt: now.toISOString(),
    }),
  );
}

export async function acceptTransfer(
  ctx: ApiContext,
  id: string,
): Promise<{ body: Out<CommunityAcceptTransferOutput>; stale: boolean }> {
  const open = await openCommunity(ctx, id);
  const registry = ctx.services.stubs.registry();
  const offer = await registry.pendingTransfer(id);
  if (!offer || offer.newOwner !== ctx.viewer)
    throw new XrpcError(400, "NoTransferOffer", `nobody offered community ${id} to the caller`);
  const { info } = await open.read({ kind: "info" });
  const now = new Date();
  const config = await createOwnRecord(ctx, COMMUNITY_CONFIG_NSID, asJson(copiedConfig(info, now)));
  const feed = await publishFeedRecord(ctx, id, info);
  const accept = validRecord(
    validateCommunityTransferAccept({
      $type: COMMUNITY_TRANSFER_ACCEPT_NSID,
      transfer: { uri: offer.uri, cid: offer.cid },
      community: offer.community,
      config: config.uri,
      createdAt: now.toISOString(),
    }),
  );
  const ack = await createOwnRecord(ctx, COMMUNITY_TRANSFER_ACCEPT_NSID, asJson(accept));
  ctx.services.communities.forget(id);
  const entry = await registry.byId(id);
  return {
    body: { uri: ack.uri, config: config.uri, feed, owner: entry?.owner ?? info.owner },
    stale: await open.stale(),
  };
}

// The community's app.bsky.feed.generator record (rkey = id) under the new owner's DID, as the
// dashboard publishes it for a creator (apps/dashboard/src/lib/records.ts publishFeed).
async function publishFeedRecord(ctx: ApiContext, id: string, info: CommunityInfo): Promise<string> {
  const writer = await ctx.writer();
  const record = {
    $type: FEED_COLLECTION,
    did: ctx.services.settings.serviceDid,
    displayName: info.name.slice(0, 24),
    ...(info.description ? { description: info.description.slice(0, 300) } : {}),
    createdAt: new Date().toISOString(),
  };
  const ack = await writer.putRecord(FEED_COLLECTION, id, record);
  await indexOwnWrite(ctx.services, {
    did: writer.did,
    collection: FEED_COLLECTION,
    operation: "create",
    record,
    ack,
  });
  return ack.uri;
}

/** The pending offer of community `id`, when `did` made it or is offered it (getViewerState). */
export async function offerSeenBy(
  ctx: ApiContext,
  id: string,
  did: string,
): Promise<CommunityGetViewerStateTransferOffer | null> {
  const offer = await ctx.services.stubs.registry().pendingTransfer(id);
  if (!offer || (offer.author !== did && offer.newOwner !== did)) return null;
  return { uri: offer.uri, from: offer.author, to: offer.newOwner, createdAt: offer.createdAt };
}
