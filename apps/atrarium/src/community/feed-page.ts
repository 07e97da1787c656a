// getFeedSkeleton's page of one community: a single-source feed straight from its index (the common
// case: no parent or pool share), else the mixed feed of mix/mixed-feed.ts with its parent's and the
// pool's posts. A graduated community no longer draws on its parent; its parent's share is its own.

import type { FeedMixWeights as Weights } from "@atrarium/lexicon";
import type { PoolPosition } from "../mix/mixed-cursor.ts";
import { mixedFeedPage } from "../mix/mixed-feed.ts";
import { SourceWindow } from "../mix/source-window.ts";
import type { PoolPost } from "../pool/pool-store.ts";
import { first } from "../shared/sql.ts";
import type { Stubs } from "../stubs.ts";
import type { FeedPosition } from "./feed-cursor.ts";
import { type FeedPage, feedPage, visiblePosts } from "./feed-query.ts";
import type { ParentLink } from "./parent-link.ts";
import { communityIdOf } from "./pool-publisher.ts";

export type FeedResult =
  | { ok: true; page: Pick<FeedPage, "cursor"> & { posts: { uri: string }[] } }
  | { ok: false; error: "InvalidCursor" | "UnknownFeed" };

interface FeedConfig {
  deleted: number;
  owner: string;
  hashtag: string | null;
  stage: string | null;
  feed_mix: string | null;
  parent: string | null;
}

// Per community object: the parent's and the pool's newest posts (mix/source-window.ts).
export interface MixWindows {
  parent: SourceWindow<{ uri: string; sortTime: number }, FeedPosition>;
  global: SourceWindow<PoolPost, PoolPosition>;
}

export function mixWindows(): MixWindows {
  const olderThan = (row: { uri: string; sortTime: number }, at: FeedPosition) =>
    row.sortTime < at.sortTime || (row.sortTime === at.sortTime && row.uri < at.uri);
  return {
    parent: new SourceWindow(olderThan),
    global: new SourceWindow((row, at) => row.tier > at.tier || (row.tier === at.tier && olderThan(row, at))),
  };
}

export async function communityFeedPage(
  sql: SqlStorage,
  parentLink: ParentLink,
  windows: MixWindows,
  stubs: Pick<Stubs, "community" | "pool">,
  owner: string,
  limit: number,
  cursor?: string,
): Promise<FeedResult> {
  const config = first<FeedConfig>(
    sql,
    "SELECT deleted, owner, hashtag, stage, feed_mix, parent FROM config LIMIT 1",
  );
  if (!config || config.deleted === 1 || config.owner !== owner) return { ok: false, error: "UnknownFeed" };
  const mix = mixOf(config.feed_mix);
  const drawsOnParent = mix.parent > 0 && config.parent !== null && config.stage !== "graduated";
  if (!drawsOnParent && mix.global === 0 && !cursor?.startsWith("m1.")) {
    return { ok: true, page: feedPage(sql, limit, cursor) };
  }
  const ownId = communityIdOf(config.hashtag);
  const parentId = drawsOnParent && config.parent ? await parentLink.parentId(config.parent) : null;
  const parent = parentId && parentId !== ownId ? stubs.community(parentId) : null;
  const parentUri = (config.parent && parentLink.currentConfigUri(config.parent)) || config.parent || "";
  const exclude = [ownId, parentId].filter((id): id is string => id !== null);
  // Without a parent to draw on, its share is the community's own (effectiveWeights in @atrarium/lexicon).
  const page = await mixedFeedPage(
    mix,
    {
      own: (n, after) => visiblePosts(sql, n, after),
      parent: parent
        ? async (n, after) => {
            const posts = await windows.parent
              .page(`${parentId}|${owner}`, n, after, async (m, at) => {
                const answer = await parent.childFeed(owner, parentUri, m, at);
                return answer.ok ? answer.posts : null;
              })
              .catch(unavailable("parent", null));
            return posts ? { ok: true as const, posts } : { ok: false as const };
          }
        : undefined,
      global: async (n, after) =>
        (await windows.global
          .page(exclude.join(","), n, after, (m, at) => stubs.pool().page(exclude, m, at))
          .catch(unavailable("global pool", null))) ?? [],
      ownHas: (uris) => ownPosts(sql, uris),
    },
    limit,
    cursor,
  );
  return { ok: true, page: { posts: page.uris.map((uri) => ({ uri })), cursor: page.cursor } };
}

// A source that fails this page is left out of it (its position stays in the cursor) rather than
// failing the whole feed.
const unavailable =
  <T>(source: string, fallback: T) =>
  (err: unknown): T => {
    console.error(`feed mix: the ${source} could not be read`, err);
    return fallback;
  };

// The stored feedMix (validated when indexed); anything unreadable counts as all own.
function mixOf(json: string | null): Weights {
  try {
    const m = JSON.parse(json ?? "") as Partial<Weights>;
    const int = (v: unknown) => (Number.isInteger(v) && (v as number) >= 0 ? (v as number) : 0);
    const mix = { own: int(m.own), parent: int(m.parent), global: int(m.global) };
    return mix.own + mix.parent + mix.global > 0 ? mix : { own: 100, parent: 0, global: 0 };
  } catch {
    return { own: 100, parent: 0, global: 0 };
  }
}

function ownPosts(sql: SqlStorage, uris: string[]): Set<string> {
  if (uris.length === 0) return new Set();
  const rows = sql
    .exec("SELECT uri FROM post WHERE uri IN (SELECT value FROM json_each(?))", JSON.stringify(uris))
    .toArray();
  return new Set(rows.map((r) => String(r.uri)));
}
