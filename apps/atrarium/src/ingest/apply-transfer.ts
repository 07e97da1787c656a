// Owner transfers in the stream (registry/transfer-rule.ts decides when one takes effect): the offer
// in the owner's repo, the acceptance in the new owner's, the new owner's config (refused its
// hashtag's claim until then), and the previous owner's app.bsky.feed.generator record, whose feed
// URI keeps answering until it is deleted. When the last piece arrives the registry moves the claim,
// and the community's index adopts the new config (keeping its members and moderation actions).
import {
  COMMUNITY_TRANSFER_NSID,
  validateCommunityConfig,
  validateCommunityTransfer,
  validateCommunityTransferAccept,
} from "@atrarium/lexicon";
import type { JetstreamCommit, JetstreamEvent } from "../env.ts";
import type { TransferOutcome } from "../registry/hashtag-registry.ts";
import type { ApplyDeps, Outcome } from "./apply-event.ts";
import { hashtagId } from "./hashtag-match.ts";

// Replays an event through the ingest (apply-event.ts passes its own applyEvent: no import cycle).
export type Replay = (event: JetstreamEvent) => Promise<unknown>;

export async function applyTransferRecord(
  deps: ApplyDeps,
  replay: Replay,
  event: JetstreamEvent,
  commit: JetstreamCommit,
  uri: string,
): Promise<Outcome> {
  const registry = deps.stubs.registry();
  const isOffer = commit.collection === COMMUNITY_TRANSFER_NSID;
  if (commit.operation === "delete") {
    await registry.transferRecordDeleted(isOffer ? "offer" : "acceptance", uri, commit.rev);
    return "applied";
  }
  let outcome: TransferOutcome | null;
  if (isOffer) {
    const checked = validateCommunityTransfer(commit.record);
    if (!checked.ok || !commit.cid) return "invalid";
    const { community, newOwner, createdAt } = checked.value;
    outcome = await registry.transferOffered(
      { uri, cid: commit.cid, author: event.did, community, newOwner, createdAt },
      commit.rev,
    );
  } else {
    const checked = validateCommunityTransferAccept(commit.record);
    if (!checked.ok) return "invalid";
    const { transfer, community, config } = checked.value;
    outcome = await registry.transferAccepted(
      { uri, author: event.did, transferUri: transfer.uri, transferCid: transfer.cid, community, config },
      commit.rev,
    );
  }
  if (outcome) await completeTransfer(deps, replay, outcome);
  return "applied";
}

// A config refused its hashtag's claim (another config owns it): it may be the config a transfer
// hands the community to.
export async function applyRefusedConfig(
  deps: ApplyDeps,
  replay: Replay,
  event: JetstreamEvent,
  id: string,
  uri: string,
): Promise<Outcome> {
  const outcome = await deps.stubs.registry().transferConfigWaiting(id, uri, event);
  if (!outcome) return "ignored";
  await completeTransfer(deps, replay, outcome);
  return "applied";
}

async function completeTransfer(deps: ApplyDeps, replay: Replay, done: TransferOutcome): Promise<void> {
  console.info(`#${done.id} passes from ${done.oldOwner} to ${done.newOwner} (${done.newConfigUri})`);
  deps.communities.forget(done.id);
  const community = deps.stubs.community(done.id);
  for (const text of done.events) {
    const event = JSON.parse(text) as JetstreamEvent;
    const commit = event.commit;
    const uri = commit && `at://${event.did}/${commit.collection}/${commit.rkey}`;
    if (uri !== done.newConfigUri || !commit) {
      await replay(event);
      continue;
    }
    const checked = validateCommunityConfig(commit.record);
    if (!checked.ok || hashtagId(checked.value.hashtag) !== done.id) continue;
    const c = checked.value;
    const adopted = await community.adoptConfig(
      {
        uri,
        owner: event.did,
        rev: commit.rev,
        name: c.name,
        description: c.description,
        hashtag: c.hashtag,
        stage: c.stage,
        moderators: c.moderators,
        feedMix: c.feedMix,
        parentCommunity: c.parentCommunity,
        accessType: c.accessType,
        createdAt: c.createdAt,
      },
      { did: done.oldOwner, untilRev: done.offerRev },
    );
    if (adopted) await deps.stubs.registry().setParent(uri, c.parentCommunity ?? null);
  }
}

// The previous owner's feed generator record (rkey = the community id): written or deleted.
export async function applyGeneratorRecord(
  deps: ApplyDeps,
  event: JetstreamEvent,
  commit: JetstreamCommit,
): Promise<Outcome> {
  if (!/^[0-9a-f]{8}$/.test(commit.rkey)) return "ignored";
  await deps.stubs
    .registry()
    .formerFeedChanged(event.did, commit.rkey, commit.rev, commit.operation === "delete");
  return "applied";
}
