// Stage 2: applies one Jetstream commit event to the communities it concerns (an #account event goes
// to apply-account.ts). Every record is checked with the net.atrarium validation layer (no PDS
// enforces those rules); invalid ones are counted and skipped. Records naming a community or hashtag
// not known yet are parked in the registry and replayed when its config arrives. `via` says where the
// event comes from, which decides what a config may claim (registry/claim-rule.ts): events from the
// stream by default.
import {
  COMMUNITY_CONFIG_NSID,
  COMMUNITY_EMOJI_NSID,
  COMMUNITY_MEMBERSHIP_NSID,
  COMMUNITY_REACTION_NSID,
  COMMUNITY_TRANSFER_ACCEPT_NSID,
  COMMUNITY_TRANSFER_NSID,
  MODERATION_ACTION_NSID,
  validateCommunityConfig,
  validateCommunityMembership,
  validateModerationAction,
} from "@atrarium/lexicon";
import type { JetstreamCommit, JetstreamEvent } from "../env.ts";
import { EMOJI_RECORDS, REACTION_RECORDS } from "../reactions/reaction-records.ts";
import type { ClaimVia } from "../registry/claim-rule.ts";
import type { CommunityCache } from "../registry/community-cache.ts";
import type { Stubs } from "../stubs.ts";
import { applyAccount } from "./apply-account.ts";
import { applyCommunityRecord, type CommunityRecordKind } from "./apply-community-record.ts";
import { applyPosts } from "./apply-posts.ts";
import { applyGeneratorRecord, applyRefusedConfig, applyTransferRecord } from "./apply-transfer.ts";
import { hashtagId } from "./hashtag-match.ts";

export type Outcome = "applied" | "ignored" | "invalid" | "parked";
// stream: from Jetstream (the event's time_us is when the stream observed it); own-write: a record a
// write route wrote into the caller's repo and the PDS acknowledged (time_us: the acknowledgement);
// discovery: found by the network sync; owner-sync: fetched from the author's PDS for a sync hint,
// refresh or rebuild.
export type EventSource = "stream" | "own-write" | "discovery" | "owner-sync";
const POST = "app.bsky.feed.post";
const FEED_GENERATOR = "app.bsky.feed.generator";
const replayWith = (deps: ApplyDeps, source: EventSource) => (e: JetstreamEvent) =>
  applyEvent(deps, e, source);

export interface ApplyDeps {
  stubs: Stubs;
  // Told when a claim moves, so this isolate stops serving the displaced config at once.
  communities: Pick<CommunityCache, "forget">;
}

export async function applyEvent(
  deps: ApplyDeps,
  event: JetstreamEvent,
  source: EventSource = "stream",
): Promise<Outcome> {
  if (event.kind === "account") return applyAccount(deps.stubs, event);
  const commit = event.commit;
  if (event.kind !== "commit" || !commit) return "ignored";
  const uri = `at://${event.did}/${commit.collection}/${commit.rkey}`;
  switch (commit.collection) {
    case COMMUNITY_CONFIG_NSID:
      return applyConfig(deps, event, commit, uri, source);
    case COMMUNITY_MEMBERSHIP_NSID:
      return applyCommunityRecord(deps.stubs, event, commit, uri, MEMBERSHIP);
    case MODERATION_ACTION_NSID:
      return applyCommunityRecord(deps.stubs, event, commit, uri, MODERATION);
    case COMMUNITY_REACTION_NSID:
      return applyCommunityRecord(deps.stubs, event, commit, uri, REACTION_RECORDS);
    case COMMUNITY_EMOJI_NSID:
      return applyCommunityRecord(deps.stubs, event, commit, uri, EMOJI_RECORDS);
    case COMMUNITY_TRANSFER_NSID:
    case COMMUNITY_TRANSFER_ACCEPT_NSID:
      return applyTransferRecord(deps, replayWith(deps, source), event, commit, uri);
    case FEED_GENERATOR:
      return applyGeneratorRecord(deps, event, commit);
    case POST: {
      const plan = await applyPosts(deps.stubs, [event]);
      return plan.byCommunity.size > 0 ? "applied" : plan.park.length > 0 ? "parked" : "ignored";
    }
    default:
      return "ignored";
  }
}

async function applyConfig(
  deps: ApplyDeps,
  event: JetstreamEvent,
  commit: JetstreamCommit,
  uri: string,
  source: EventSource,
): Promise<Outcome> {
  const { stubs } = deps;
  const registry = stubs.registry();
  if (commit.operation === "delete") {
    const entry = await registry.byConfigUri(uri);
    if (!entry) return "ignored";
    await stubs.community(entry.id).remove("config", uri, event.did, commit.rev);
    return "applied";
  }
  const checked = validateCommunityConfig(commit.record);
  if (!checked.ok) return "invalid";
  const config = checked.value;
  const id = hashtagId(config.hashtag);
  const via: ClaimVia =
    source === "stream" || source === "own-write"
      ? { kind: source, observedUs: event.time_us }
      : { kind: source };
  const claim = await registry.claim(
    { id, configUri: uri, owner: event.did, createdAt: config.createdAt },
    via,
  );
  if (!claim.owned) return applyRefusedConfig(deps, replayWith(deps, source), event, id, uri);
  if (claim.displaced) {
    console.warn(`${uri} takes #${id} from ${claim.displaced.configUri}, which the stream saw later`);
    deps.communities.forget(id);
  }
  const newer = await stubs.community(id).applyConfig({
    uri,
    owner: event.did,
    rev: commit.rev,
    name: config.name,
    description: config.description,
    hashtag: config.hashtag,
    stage: config.stage,
    moderators: config.moderators,
    feedMix: config.feedMix,
    parentCommunity: config.parentCommunity,
    accessType: config.accessType,
    createdAt: config.createdAt,
  });
  // Only the config's newest version says who its parent is (an older replay changes nothing).
  if (newer) await registry.setParent(uri, config.parentCommunity ?? null);
  for (const parked of claim.parked) await applyEvent(deps, JSON.parse(parked) as JetstreamEvent, source);
  return "applied";
}

// Memberships and moderation actions live in their authors' repos and name their community's config.
const MEMBERSHIP: CommunityRecordKind = {
  table: "membership",
  plan: (record, { uri, did, rev }) => {
    const checked = validateCommunityMembership(record);
    if (!checked.ok) return null;
    const m = checked.value;
    return {
      community: m.community,
      apply: (feed) =>
        feed.applyMembership({ uri, did, rev, role: m.role, active: m.active, joinedAt: m.joinedAt }),
    };
  },
};

const MODERATION: CommunityRecordKind = {
  table: "moderation",
  plan: (record, { uri, did, rev }) => {
    const checked = validateModerationAction(record);
    if (!checked.ok) return null;
    const a = checked.value;
    return {
      community: a.community,
      apply: (feed) =>
        feed.applyModeration({
          uri,
          author: did,
          rev,
          action: a.action,
          target: a.target,
          reason: a.reason,
          title: a.title,
          createdAt: a.createdAt,
        }),
    };
  },
};
