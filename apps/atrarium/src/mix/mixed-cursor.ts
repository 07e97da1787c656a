// The cursor of a mixed feed: where each source stands and how many posts each has served so far (the
// interleaving's shares are counted over all pages: @atrarium/lexicon feed-mix.ts). Opaque to clients: "m1." and
// base64url JSON. A single-source cursor (feed-cursor.ts) is read as the own source's position, so a
// reader paging when the mix changes carries on.

import type { FeedMixCounts as Counts } from "@atrarium/lexicon";
import { decodeCursor, type FeedPosition } from "../community/feed-cursor.ts";

// The global pool's order: graduated communities' posts first (tier 0), then newest first.
export interface PoolPosition extends FeedPosition {
  tier: number;
}

export interface MixPosition {
  own?: FeedPosition;
  parent?: FeedPosition;
  global?: PoolPosition;
  counts: Counts;
}

const PREFIX = "m1.";
const MAX_COUNT = 1_000_000_000;

export function encodeMixCursor(p: MixPosition): string {
  const pair = (pos?: FeedPosition) => (pos ? [pos.sortTime, pos.uri] : null);
  const json = JSON.stringify({
    o: pair(p.own),
    p: pair(p.parent),
    g: p.global ? [p.global.tier, p.global.sortTime, p.global.uri] : null,
    n: [p.counts.own, p.counts.parent, p.counts.global],
  });
  const b64 = btoa(String.fromCharCode(...new TextEncoder().encode(json)));
  return PREFIX + b64.replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

// Null for anything that is not a cursor this service wrote.
export function decodeMixCursor(cursor: string): MixPosition | null {
  if (!cursor.startsWith(PREFIX)) {
    const own = decodeCursor(cursor);
    return own ? { own, counts: { own: 0, parent: 0, global: 0 } } : null;
  }
  let raw: unknown;
  try {
    const bin = atob(cursor.slice(PREFIX.length).replaceAll("-", "+").replaceAll("_", "/"));
    raw = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null) return null;
  const { o, p, g, n } = raw as Record<string, unknown>;
  if (!Array.isArray(n) || n.length !== 3 || !n.every(isCount)) return null;
  const own = position(o);
  const parent = position(p);
  const global = poolPosition(g);
  if (own === null || parent === null || global === null) return null;
  return {
    ...(own ? { own } : {}),
    ...(parent ? { parent } : {}),
    ...(global ? { global } : {}),
    counts: { own: n[0], parent: n[1], global: n[2] },
  };
}

// undefined: the source has not moved; null: malformed.
function position(v: unknown): FeedPosition | undefined | null {
  if (v === null) return undefined;
  if (!Array.isArray(v) || v.length !== 2) return null;
  const [sortTime, uri] = v;
  return Number.isSafeInteger(sortTime) && isUri(uri) ? { sortTime, uri } : null;
}

function poolPosition(v: unknown): PoolPosition | undefined | null {
  if (v === null) return undefined;
  if (!Array.isArray(v) || v.length !== 3) return null;
  const [tier, sortTime, uri] = v;
  if (tier !== 0 && tier !== 1) return null;
  return Number.isSafeInteger(sortTime) && isUri(uri) ? { tier, sortTime, uri } : null;
}

const isCount = (v: unknown): v is number =>
  Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= MAX_COUNT;
const isUri = (v: unknown): v is string => typeof v === "string" && v.startsWith("at://") && v.length <= 512;
