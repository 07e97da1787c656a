// The feed mix's interleaving and its cursor, as pure code: exact shares over 1,000 posts, dry sources
// filled by the others, the same sequence whatever the page size, and cursors that round-trip and
// refuse anything this service did not write.

import {
  type FeedMixCounts as Counts,
  interleave,
  type SourceBatch,
  type FeedMixSource as SourceName,
  type FeedMixWeights as Weights,
} from "@atrarium/lexicon";
import { describe, expect, it } from "vitest";
import { decodeMixCursor, encodeMixCursor } from "../src/mix/mixed-cursor.ts";
import { SHARES_OVER_1000 } from "./support/mix-shares.ts";

// `size` posts per source, newest first; a position is the index served last.
function sources(sizes: Record<SourceName, number>) {
  const uri = (s: SourceName, i: number) =>
    `at://did:plc:${s}/app.bsky.feed.post/${String(i).padStart(5, "0")}`;
  return (s: SourceName, after: number, n: number): SourceBatch<number> => {
    const items = [];
    for (let i = after + 1; i < Math.min(sizes[s], after + 1 + n); i++)
      items.push({ uri: uri(s, i), pos: i });
    return { items, more: items.length === n };
  };
}

// Pages through a whole mixed feed; the sources served, in order.
function serve(weights: Weights, sizes: Record<SourceName, number>, pageSize: number, maxItems = 1000) {
  const next = sources(sizes);
  const at: Record<SourceName, number> = { own: -1, parent: -1, global: -1 };
  let counts: Counts = { own: 0, parent: 0, global: 0 };
  const served: string[] = [];
  for (let pages = 0; pages < 10_000 && served.length < maxItems; pages++) {
    const batches = {
      own: next("own", at.own, pageSize),
      parent: next("parent", at.parent, pageSize),
      global: next("global", at.global, pageSize),
    };
    const page = interleave(weights, counts, batches, Math.min(pageSize, maxItems - served.length));
    served.push(...page.picked.map((p) => p.uri));
    for (const s of ["own", "parent", "global"] as const) at[s] = page.positions[s] ?? at[s];
    counts = page.counts;
    if (page.ended) break;
  }
  return served;
}

const tally = (uris: string[]) => ({
  own: uris.filter((u) => u.includes(":own/")).length,
  parent: uris.filter((u) => u.includes(":parent/")).length,
  global: uris.filter((u) => u.includes(":global/")).length,
});

const plenty = { own: 2000, parent: 2000, global: 2000 };

describe("interleave", () => {
  it.each(SHARES_OVER_1000)("serves %o as exactly %o over 1,000 posts", (weights, expected) => {
    const served = serve(weights, plenty, 50);
    expect(served).toHaveLength(1000);
    expect(tally(served)).toEqual(expected);
    expect(new Set(served).size).toBe(1000);
  });

  it("keeps every prefix within one post of its share", () => {
    const served = serve({ own: 80, parent: 15, global: 5 }, plenty, 25);
    const counts = { own: 0, parent: 0, global: 0 };
    served.forEach((uri, i) => {
      const s = uri.includes(":own/") ? "own" : uri.includes(":parent/") ? "parent" : "global";
      counts[s]++;
      const n = i + 1;
      expect(Math.abs(counts.own - (n * 80) / 100)).toBeLessThanOrEqual(1);
      expect(Math.abs(counts.parent - (n * 15) / 100)).toBeLessThanOrEqual(1);
      expect(Math.abs(counts.global - (n * 5) / 100)).toBeLessThanOrEqual(1);
    });
  });

  it("gives the same sequence whatever the page size", () => {
    const weights = { own: 60, parent: 30, global: 10 };
    const sizes = { own: 300, parent: 40, global: 500 };
    const whole = serve(weights, sizes, 100, 2000);
    expect(serve(weights, sizes, 7, 2000)).toEqual(whole);
    expect(serve(weights, sizes, 1, 2000)).toEqual(whole);
  });

  it("lets the others fill in once a source runs dry, and ends when all have", () => {
    const served = serve({ own: 50, parent: 50, global: 0 }, { own: 1000, parent: 10, global: 1000 }, 30);
    // 10 parent posts, then own alone; global has no share, so it never appears.
    expect(tally(served)).toEqual({ own: 990, parent: 10, global: 0 });
    const small = serve({ own: 50, parent: 25, global: 25 }, { own: 3, parent: 2, global: 4 }, 10);
    expect(tally(small)).toEqual({ own: 3, parent: 2, global: 4 });
  });

  it("skips posts served elsewhere without counting them, and never repeats one in a page", () => {
    const dup = "at://did:plc:x/app.bsky.feed.post/same";
    const batches = {
      own: { items: [{ uri: dup, pos: 0 }], more: false },
      parent: {
        items: [
          { uri: dup, pos: 0 },
          { uri: "at://did:plc:parent/app.bsky.feed.post/1", pos: 1 },
        ],
        more: false,
      },
    };
    const page = interleave(
      { own: 50, parent: 50, global: 0 },
      { own: 0, parent: 0, global: 0 },
      batches,
      10,
    );
    expect(page.picked.map((p) => p.uri)).toEqual([dup, "at://did:plc:parent/app.bsky.feed.post/1"]);
    expect(page.counts).toEqual({ own: 1, parent: 1, global: 0 });
    expect(page.ended).toBe(true);
  });
});

describe("mixed cursor", () => {
  it("round-trips every source's position and the counts", () => {
    const at = {
      own: { sortTime: 1_700_000_000_000, uri: "at://did:plc:a/app.bsky.feed.post/1" },
      global: { tier: 1, sortTime: 1_699_999_999_000, uri: "at://did:web:x.example/app.bsky.feed.post/2" },
      counts: { own: 80, parent: 0, global: 20 },
    };
    const cursor = encodeMixCursor(at);
    expect(cursor).toMatch(/^m1\.[A-Za-z0-9_-]+$/);
    expect(decodeMixCursor(cursor)).toEqual(at);
  });

  it("reads a single-source cursor as the own position", () => {
    const legacy = btoa("1700000000000::at://did:plc:a/app.bsky.feed.post/1").replace(/=+$/, "");
    expect(decodeMixCursor(legacy)).toEqual({
      own: { sortTime: 1_700_000_000_000, uri: "at://did:plc:a/app.bsky.feed.post/1" },
      counts: { own: 0, parent: 0, global: 0 },
    });
  });

  it.each([
    "m1.",
    "m1.!!!",
    `m1.${btoa("[]")}`,
    `m1.${btoa(JSON.stringify({ o: null, p: null, g: null, n: [1, 2] }))}`,
    `m1.${btoa(JSON.stringify({ o: [1, "https://x"], p: null, g: null, n: [0, 0, 0] }))}`,
    `m1.${btoa(JSON.stringify({ o: null, p: null, g: [7, 1, "at://x"], n: [0, 0, 0] }))}`,
    `m1.${btoa(JSON.stringify({ o: null, p: null, g: null, n: [-1, 0, 0] }))}`,
    "not-a-cursor",
  ])("refuses %s", (cursor) => {
    expect(decodeMixCursor(cursor)).toBeNull();
  });
});
