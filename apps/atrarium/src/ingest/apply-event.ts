// Stage 2: applies one Jetstream commit event to the communities it concerns (an #account event goes
// to apply-account.ts). Every record is checked with the net.atrarium validation layer (no PDS
// enforces those rules); invalid ones are counted and skipped. Records naming a community or hashtag
// not known yet are parked in the registry and replayed when its config arrives. `via` says where the
// event comes from, which decides what a config may claim (registry/claim-rule.ts): events from the
// stream by default.
import {
  COMMUNITY_CONFIG_NSID,
  COMMUNITY_MEMBERSHIP_NSID,
  MODERATION_ACTION_NSID,
  validateCommunityConfig,
  validateCommunityMembership,
  validateModerationAction,
} from "@atrarium/lexicon";
import type { JetstreamCommit, JetstreamEvent } from "../env.ts";
import type { ClaimVia } from "../registry/claim-rule.ts";
import type { CommunityCache } from "../registry/community-cache.ts";
import type { Stubs } from "../stubs.ts";
import { applyAccount } from "./apply-account.ts";
import { applyPosts } from "./apply-posts.ts";
import { hashtagId } from "./hashtag-match.ts";

export type Outcome = "applied" | "ignored" | "invalid" | "parked";
// stream: from Jetstream (the event's time_us is when the stream observed it); own-write: a record a
// write route wrote into the caller's repo and the PDS acknowledged (time_us: the acknowledgement);
// discovery: found by the network sync; owner-sync: fetched from the author's PDS for a sync hint,
// refresh or rebuild.
export type EventSource = "stream" | "own-write" | "discovery" | "owner-sync";
const POST = "app.bsky.feed.post";

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
    case MODERATION_ACTION_NSID:
      return applyCommunityRecord(deps.stubs, event, commit, uri);
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
  if (!claim.owned) return "ignored";
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
    createdAt: config.createdAt,
  });
  // Only the config's newest version says who its parent is (an older replay changes nothing).
  if (newer) await registry.setParent(uri, config.parentCommunity ?? null);
  for (const parked of claim.parked) await applyEvent(deps, JSON.parse(parked) as JetstreamEvent, source);
  return "applied";
}

// Memberships and moderation actions live in their authors' repos and name their community's config.
async function applyCommunityRecord(
  stubs: Stubs,
  event: JetstreamEvent,
  commit: JetstreamCommit,
  uri: string,
): Promise<Outcome> {
  const index = stubs.recordIndex(event.did);
  const isMembership = commit.collection === COMMUNITY_MEMBERSHIP_NSID;
  const table = isMembership ? "membership" : "moderation";
  const known = await index.get(uri);
  if (known && known.rev > commit.rev) return "ignored";
  if (commit.operation === "delete") {
    for (const id of known?.communities ?? [])
      await stubs.community(id).remove(table, uri, event.did, commit.rev);
    await stubs.registry().dropParked(uri);
    await index.place(uri, known?.communities ?? [], commit.rev, true);
    return "applied";
  }
  const membership = isMembership ? validateCommunityMembership(commit.record) : null;
  const action = isMembership ? null : validateModerationAction(commit.record);
  const valid = membership?.ok ? membership.value : action?.ok ? action.value : null;
  if (!valid) return "invalid";
  const registry = stubs.registry();
  const entry =
    (await registry.byConfigUri(valid.community)) ??
    (await registry.parkUnlessClaimed(uri, valid.community, event));
  if (!entry) return "parked";
  const community = stubs.community(entry.id);
  if (membership?.ok) {
    const m = membership.value;
    await community.applyMembership({
      uri,
      did: event.did,
      rev: commit.rev,
      role: m.role,
      active: m.active,
      joinedAt: m.joinedAt,
    });
  } else if (action?.ok) {
    const a = action.value;
    await community.applyModeration({
      uri,
      author: event.did,
      rev: commit.rev,
      action: a.action,
      target: a.target,
      reason: a.reason,
      createdAt: a.createdAt,
    });
  }
  await index.place(uri, [entry.id], commit.rev, false);
  return "applied";
}
