// What every community method starts with: the community must be registered (404 otherwise), its
// index must hold the owner's config (an empty index asks for a rebuild and answers 503 until it is
// back), and the answer is stale when the community's sync or the stream receiver is behind.
import type { CommunityDefsCommunityView } from "@atrarium/lexicon";
import type { ApiAnswers, ApiQuery, CommunityInfo } from "../community/api-queries.ts";
import type { LifecycleStatus } from "../lifecycle/lifecycle-rules.ts";
import type { CommunityEntry } from "../registry/hashtag-registry.ts";
import { XrpcError } from "../shared/xrpc-error.ts";
import type { Stubs } from "../stubs.ts";
import type { SyncView } from "../sync/community-sync.ts";
import type { ApiContext } from "./method.ts";

export interface OpenCommunity {
  entry: CommunityEntry;
  // Reads from the index; 404 when the owner deleted the config, 503 (and a rebuild) when the index
  // has no config at all.
  read: <K extends ApiQuery["kind"]>(
    q: Extract<ApiQuery, { kind: K }>,
  ) => Promise<{ info: CommunityInfo; answer: ApiAnswers[K] }>;
  stale: () => Promise<boolean>;
}

export const notFound = (id: string) => new XrpcError(404, "CommunityNotFound", `No community ${id}`);

// Sync state is asked at most once a second per community and isolate: it only changes on
// refreshes and rebuilds, and every read asks.
const OBSERVE_CACHE_MS = 1_000;
const MAX_OBSERVED = 10_000;

export function observeSyncCached(stubs: Pick<Stubs, "communitySync">) {
  const observedAt = new Map<string, { at: number; view: Promise<SyncView> }>();
  return (entry: CommunityEntry): Promise<SyncView> => {
    const hit = observedAt.get(entry.id);
    if (hit && Date.now() - hit.at < OBSERVE_CACHE_MS) return hit.view;
    const view = stubs.communitySync(entry.id).observe(entry);
    // Settled here so a failure is not unhandled while the index is read; a failure is not cached.
    view.catch(() => observedAt.delete(entry.id));
    if (observedAt.size > MAX_OBSERVED) observedAt.clear();
    observedAt.set(entry.id, { at: Date.now(), view });
    return view;
  };
}

export async function openCommunity(ctx: ApiContext, id: string): Promise<OpenCommunity> {
  const { communities, stubs, observeSync, receiverStale } = ctx.services;
  const entry = await communities.registered(id);
  if (!entry) throw notFound(id);
  const feed = stubs.community(id);
  const observed = observeSync(entry);
  const read = async <K extends ApiQuery["kind"]>(q: Extract<ApiQuery, { kind: K }>) => {
    const reply = await feed.read(q);
    if (!reply.ok) throw new XrpcError(400, "InvalidRequest", "cursor: malformed cursor");
    if (reply.info.state === "missing") {
      ctx.waitUntil(stubs.communitySync(id).requestRebuild(entry, true));
      throw new XrpcError(503, "CommunityUnavailable", `Community ${id} is being rebuilt from the network`);
    }
    if (reply.info.state !== "ok") throw notFound(id);
    return { info: reply.info.community, answer: reply.answer as ApiAnswers[K] };
  };
  return {
    entry,
    read,
    stale: async () => {
      const [view, receiver] = await Promise.all([observed, receiverStale()]);
      return view.stale || receiver;
    },
  };
}

// The staff check of listActions and the moderation writes: the caller must be the community's owner
// or a moderator its config lists (403 otherwise, before anything is read or written for them).
export async function requireStaff(open: OpenCommunity, did: string, forWhat: string): Promise<void> {
  const { role } = (await open.read({ kind: "viewer", did })).answer;
  if (role !== "owner" && role !== "moderator")
    throw new XrpcError(
      403,
      "Forbidden",
      `only the owner and the moderators listed in its config may ${forWhat}`,
    );
}

// `status`: the lifecycle status, where the method shows it (community.list and community.get).
export function communityView(
  id: string,
  c: CommunityInfo,
  status?: LifecycleStatus,
): CommunityDefsCommunityView {
  return {
    id,
    uri: c.uri,
    owner: c.owner,
    name: c.name,
    ...(c.description !== undefined ? { description: c.description } : {}),
    hashtag: c.hashtag,
    stage: c.stage,
    moderators: c.moderators,
    feedMix: c.feedMix,
    ...(c.parentCommunity !== undefined ? { parentCommunity: c.parentCommunity } : {}),
    ...(c.accessType !== undefined ? { accessType: c.accessType } : {}),
    feed: `at://${c.owner}/app.bsky.feed.generator/${id}`,
    createdAt: c.createdAt,
    ...(status ? { status } : {}),
  };
}
