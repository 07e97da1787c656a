// One page of a community feed that mixes sources (feedMix): its own posts from its index, its
// parent's from the parent's Durable Object, the global pool's from the pool. Parent and pool are
// asked in parallel, once per page, then interleaved (@atrarium/lexicon feed-mix.ts) behind a cursor holding every
// source's position (mixed-cursor.ts). A post the community itself carries is served from its own
// source only (its own moderation decides), never again from the parent or the pool.
import {
  effectiveWeights,
  interleave,
  type SourceBatch,
  type FeedMixWeights as Weights,
} from "@atrarium/lexicon";
import type { FeedPosition } from "../community/feed-cursor.ts";
import type { FeedPost } from "../community/feed-query.ts";

import { decodeMixCursor, encodeMixCursor, type MixPosition, type PoolPosition } from "./mixed-cursor.ts";

export type ParentPage = { ok: true; posts: { uri: string; sortTime: number }[] } | { ok: false };

export interface MixSources {
  own(limit: number, after?: FeedPosition): FeedPost[];
  // Undefined when the community has no parent to draw from (none, unknown, graduated).
  parent?: (limit: number, after?: FeedPosition) => Promise<ParentPage>;
  global(limit: number, after?: PoolPosition): Promise<{ uri: string; tier: number; sortTime: number }[]>;
  // Which of these posts the community's own index holds (whatever their visibility).
  ownHas(uris: string[]): Set<string>;
}

export interface MixedFeedPage {
  uris: string[];
  cursor?: string;
}

export class InvalidMixCursorError extends Error {}

export async function mixedFeedPage(
  mix: Weights,
  sources: MixSources,
  limit: number,
  cursor?: string,
): Promise<MixedFeedPage> {
  const at: MixPosition = cursor
    ? (decodeMixCursor(cursor) ?? invalid())
    : { counts: { own: 0, parent: 0, global: 0 } };
  const asked = Promise.all([
    mix.parent > 0 && sources.parent ? sources.parent(limit, at.parent) : undefined,
    mix.global > 0 ? sources.global(limit, at.global) : undefined,
  ]);
  // The own posts are read while the parent and the pool answer (they get the parent's share if it
  // has none to give).
  const own = mix.own + mix.parent > 0 ? sources.own(limit, at.own) : [];
  const [parent, global] = await asked;
  const weights = effectiveWeights(mix, parent?.ok === true);
  const batches: Partial<Record<keyof Weights, SourceBatch<FeedPosition | PoolPosition>>> = {};
  if (weights.own > 0) batches.own = batchOf(own, limit, feedPos);
  if (parent?.ok && weights.parent > 0) batches.parent = batchOf(parent.posts, limit, feedPos);
  if (global && weights.global > 0) batches.global = batchOf(global, limit, (p) => p);
  const others = [...(batches.parent?.items ?? []), ...(batches.global?.items ?? [])].map((i) => i.uri);
  const ownCarries = sources.ownHas(others);
  const page = interleave(weights, at.counts, batches, limit, (s, uri) => s !== "own" && ownCarries.has(uri));
  if (page.ended) return { uris: page.picked.map((p) => p.uri) };
  const next: MixPosition = {
    own: (page.positions.own as FeedPosition | undefined) ?? at.own,
    parent: (page.positions.parent as FeedPosition | undefined) ?? at.parent,
    global: (page.positions.global as PoolPosition | undefined) ?? at.global,
    counts: page.counts,
  };
  return { uris: page.picked.map((p) => p.uri), cursor: encodeMixCursor(next) };
}

function invalid(): never {
  throw new InvalidMixCursorError("malformed cursor");
}

const feedPos = (p: { uri: string; sortTime: number }): FeedPosition => ({
  sortTime: p.sortTime,
  uri: p.uri,
});

function batchOf<T extends { uri: string }, P>(rows: T[], limit: number, pos: (row: T) => P): SourceBatch<P> {
  return { items: rows.map((r) => ({ uri: r.uri, pos: pos(r) })), more: rows.length === limit };
}
