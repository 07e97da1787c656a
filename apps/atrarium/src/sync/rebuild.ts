// Rebuilds one community's index from the network, for a Durable Object whose storage is empty or
// lost: the owner's config from the owner's PDS (with its proof), memberships and moderation actions
// from every repo the relay lists for those collections, and the posts within retention of the owner,
// the listed moderators and every DID with a membership record (members who left included). Each
// repo's latest rev is taken before it is listed and becomes its floor in the community, so events
// replayed from the stream at older revs cannot resurrect records deleted before the listing. Records
// go through the same apply path as stream events, with that rev.
import {
  COMMUNITY_CONFIG_NSID,
  COMMUNITY_EMOJI_NSID,
  COMMUNITY_MEMBERSHIP_NSID,
  COMMUNITY_REACTION_NSID,
  MODERATION_ACTION_NSID,
} from "@atrarium/lexicon";
import type { JetstreamEvent } from "../env.ts";
import { IdentityError } from "../identity/did-resolver.ts";
import { communityIdsOf } from "../ingest/hashtag-match.ts";
import type { CommunityEntry } from "../registry/hashtag-registry.ts";
import type { Services } from "../services.ts";
import { UpstreamError } from "../shared/upstream.ts";
import { getLatestRev, type ListedRecord, listRecordsPage, listReposPage } from "./repo-client.ts";
import { tidTimeMs } from "./tid.ts";
import { fetchVerifiedRecord } from "./verified-record.ts";

const POST = "app.bsky.feed.post";
const MAX_PAGES = 200;
const POST_BATCH = 100;

// What a rebuild (and discovery, which lists repos the same way) uses.
export type RebuildServices = Pick<Services, "stubs" | "resolver" | "ingest" | "settings">;

export interface RebuildCounts {
  repos: number;
  // Records fetched from PDSs (listed or proven), whether or not they concerned the community.
  fetched: number;
  // Records applied to the community (config, memberships, actions, posts).
  applied: number;
}

export interface RebuildResult {
  counts: RebuildCounts;
  // Repos that could not be read; the rebuild is incomplete while any remain.
  failed: string[];
  configDeleted: boolean;
}

export const rkeyOf = (uri: string) => uri.slice(uri.lastIndexOf("/") + 1);

export const commitEvent = (
  did: string,
  collection: string,
  rev: string,
  record: ListedRecord | { uri: string; cid?: string; value?: Record<string, unknown> },
): JetstreamEvent => ({
  did,
  time_us: Date.now() * 1000,
  kind: "commit",
  commit: {
    rev,
    operation: record.value ? "create" : "delete",
    collection,
    rkey: rkeyOf(record.uri),
    record: record.value,
    cid: record.cid,
  },
});

export async function listAll(
  pds: string,
  did: string,
  collection: string,
  stop?: (r: ListedRecord) => boolean,
) {
  const out: ListedRecord[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await listRecordsPage(pds, did, collection, cursor);
    for (const r of res.records) {
      if (stop?.(r)) return out;
      out.push(r);
    }
    if (!res.cursor || res.records.length === 0) return out;
    cursor = res.cursor;
  }
  return out;
}

export async function reposWith(relayUrl: string, collection: string): Promise<string[]> {
  const dids = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await listReposPage(relayUrl, collection, cursor);
    for (const did of res.dids) dids.add(did);
    if (!res.cursor || res.dids.length === 0) break;
    cursor = res.cursor;
  }
  return [...dids];
}

export async function rebuildCommunity(
  services: RebuildServices,
  entry: CommunityEntry,
): Promise<RebuildResult> {
  const counts: RebuildCounts = { repos: 0, fetched: 0, applied: 0 };
  const { resolver, ingest, settings } = services;
  const community = services.stubs.community(entry.id);
  const ownerPds = (await resolver.resolve(entry.owner)).pds;
  if (!ownerPds) throw new UpstreamError(`${entry.owner} names no PDS`);
  // The owner's floor first: the config proof below is at or after it.
  await community.raiseFloor(entry.owner, await getLatestRev(ownerPds, entry.owner));
  const config = await fetchVerifiedRecord(
    resolver,
    entry.owner,
    COMMUNITY_CONFIG_NSID,
    rkeyOf(entry.configUri),
  );
  if (!config) throw new UpstreamError(`${entry.owner}'s PDS gives no proof for ${entry.configUri}`);
  counts.fetched++;
  const configEvent = commitEvent(entry.owner, COMMUNITY_CONFIG_NSID, config.rev, {
    uri: entry.configUri,
    cid: config.record?.cid,
    value: config.record?.value,
  });
  await ingest.applyEvent(configEvent, "owner-sync");
  counts.applied++;
  if (!config.record) return { counts, failed: [], configDeleted: true };

  const moderators = Array.isArray(config.record.value.moderators)
    ? config.record.value.moderators.filter((m): m is string => typeof m === "string")
    : [];
  const repos = new Set([entry.owner, ...moderators]);
  for (const collection of [COMMUNITY_MEMBERSHIP_NSID, MODERATION_ACTION_NSID])
    for (const did of await reposWith(settings.relayUrl, collection)) repos.add(did);
  const staff = new Set([entry.owner, ...moderators]);
  const failed: string[] = [];
  for (const did of repos) {
    try {
      await rebuildRepo(services, entry, did, staff.has(did), counts);
      counts.repos++;
    } catch (err) {
      if (!(err instanceof UpstreamError) && !(err instanceof IdentityError)) throw err;
      console.warn(`rebuild of ${entry.id}: ${did} unavailable: ${err.message}`);
      failed.push(did);
    }
  }
  return { counts, failed, configDeleted: false };
}

async function rebuildRepo(
  { stubs, resolver, ingest, settings }: RebuildServices,
  entry: CommunityEntry,
  did: string,
  isStaff: boolean,
  counts: RebuildCounts,
): Promise<void> {
  const pds = (await resolver.resolve(did)).pds;
  if (!pds) throw new UpstreamError(`${did} names no PDS`);
  const rev = await getLatestRev(pds, did);
  await stubs.community(entry.id).raiseFloor(did, rev);
  let hasMembership = false;
  // Records naming a config the community had before an owner transfer are the community's too.
  const names = new Set([entry.configUri, ...(await stubs.registry().retiredConfigs(entry.id))]);
  // Reactions and custom emoji come back with their authors' repos (members and staff are listed).
  for (const collection of [
    COMMUNITY_MEMBERSHIP_NSID,
    MODERATION_ACTION_NSID,
    COMMUNITY_REACTION_NSID,
    COMMUNITY_EMOJI_NSID,
  ]) {
    const records = await listAll(pds, did, collection);
    counts.fetched += records.length;
    for (const r of records) {
      if (typeof r.value.community !== "string" || !names.has(r.value.community)) continue;
      if (collection === COMMUNITY_MEMBERSHIP_NSID) hasMembership = true;
      if ((await ingest.applyEvent(commitEvent(did, collection, rev, r), "owner-sync")) === "applied")
        counts.applied++;
    }
  }
  if (!isStaff && !hasMembership) return;
  const cutoff = Date.now() - settings.retentionMs;
  // Newest first; TID record keys carry their creation time, so paging stops at the retention window.
  const posts = await listAll(
    pds,
    did,
    POST,
    (r) => (tidTimeMs(rkeyOf(r.uri)) ?? Number.POSITIVE_INFINITY) < cutoff,
  );
  counts.fetched += posts.length;
  const tagged = posts.filter((r) => communityIdsOf(r.value).includes(entry.id));
  for (let i = 0; i < tagged.length; i += POST_BATCH) {
    const batch = tagged.slice(i, i + POST_BATCH).map((r) => commitEvent(did, POST, rev, r));
    const plan = await ingest.applyPosts(batch);
    counts.applied += plan.byCommunity.get(entry.id)?.puts.length ?? 0;
  }
}
