// net.atrarium.community.update's work (a switch to invite-only: write/access-switch.ts): the owner's config record, read back from their own repo,
// rewritten with the changed fields (the rest as stored), checked by the lexicon's rules, written with
// swapRecord (a change made meanwhile elsewhere is not overwritten: 409 from the PDS) and indexed at
// once. Only the owner can: the record lives in the owner's repo, and the writer writes only the
// caller's.
import { AtUri } from "@atproto/syntax";
import {
  COMMUNITY_CONFIG_NSID,
  type CommunityUpdateInput,
  type CommunityUpdateOutput,
  validateCommunityConfig,
} from "@atrarium/lexicon";
import { communityView, notFound, openCommunity } from "../api/community-access.ts";
import type { ApiContext } from "../api/method.ts";
import { INVITE_ONLY } from "../community/member-access.ts";
import { XrpcError } from "../shared/xrpc-error.ts";
import { keepMembersOnSwitch } from "./access-switch.ts";
import { indexOwnWrite } from "./own-write.ts";
import { asJson, validRecord } from "./valid-record.ts";

export async function updateCommunity(
  ctx: ApiContext,
  input: CommunityUpdateInput,
): Promise<{ body: Omit<CommunityUpdateOutput, "stale">; stale: boolean }> {
  const { community, ...changes } = input;
  const open = await openCommunity(ctx, community);
  const { info } = await open.read({ kind: "info" });
  if (ctx.viewer !== info.owner)
    throw new XrpcError(403, "NotOwner", `only the owner of community ${community} may change its config`);
  const writer = await ctx.writer();
  const rkey = new AtUri(info.uri).rkey;
  const stored = await writer.getRecord(COMMUNITY_CONFIG_NSID, rkey);
  if (!stored) throw notFound(community);
  const description = changes.description?.trim();
  const record = asJson(
    validRecord(
      validateCommunityConfig({
        ...stored.value,
        ...(changes.name !== undefined ? { name: changes.name.trim() || changes.name } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(changes.stage !== undefined ? { stage: changes.stage } : {}),
        ...(changes.feedMix !== undefined ? { feedMix: changes.feedMix } : {}),
        ...(changes.accessType !== undefined ? { accessType: changes.accessType } : {}),
        $type: COMMUNITY_CONFIG_NSID,
      }),
    ),
  );
  // Before the config: the members stay members the moment invite-only takes effect.
  if (record.accessType === INVITE_ONLY && info.accessType !== INVITE_ONLY)
    await keepMembersOnSwitch(ctx, open);
  const ack = await writer.putRecord(COMMUNITY_CONFIG_NSID, rkey, record, stored.cid);
  await indexOwnWrite(ctx.services, {
    did: writer.did,
    collection: COMMUNITY_CONFIG_NSID,
    operation: "update",
    record,
    ack,
  });
  const after = await open.read({ kind: "info" });
  return {
    body: { community: communityView(community, after.info), uri: ack.uri, cid: ack.cid },
    stale: await open.stale(),
  };
}
