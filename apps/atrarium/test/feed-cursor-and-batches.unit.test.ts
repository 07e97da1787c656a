import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "../src/community/feed-cursor.ts";
import { MAX_BATCH_BYTES, MAX_BATCH_MESSAGES, splitIntoBatches } from "../src/ingest/queue-batches.ts";

describe("feed cursor", () => {
  it("round-trips and is opaque", () => {
    const pos = { sortTime: 1732430000123, uri: "at://did:plc:abc/app.bsky.feed.post/3kabc" };
    const c = encodeCursor(pos);
    expect(c).not.toContain("at://");
    expect(decodeCursor(c)).toEqual(pos);
  });

  it("rejects garbage", () => {
    for (const bad of ["", "!!!", btoa("nope"), btoa("12::not-a-uri"), btoa("x::at://a")])
      expect(decodeCursor(bad)).toBeNull();
  });
});

describe("queue batches", () => {
  it("respects 100 messages and the byte budget per batch", () => {
    const many = Array.from({ length: 250 }, (_, i) => ({ item: i, bytes: 100 }));
    expect(splitIntoBatches(many).map((b) => b.length)).toEqual([MAX_BATCH_MESSAGES, MAX_BATCH_MESSAGES, 50]);
    const big = Array.from({ length: 5 }, (_, i) => ({ item: i, bytes: 100 * 1024 }));
    const batches = splitIntoBatches(big);
    expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
    for (const b of batches) expect(b.length * 100 * 1024).toBeLessThanOrEqual(MAX_BATCH_BYTES);
  });
});
