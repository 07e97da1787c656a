// The pure parts of /subscribe: filter parsing (query and options_update) and matching, and cursors.
import { describe, expect, it } from "vitest";
import { CursorError, replayPosition } from "../src/subscribe/cursor.ts";
import { FilterError, filterFromQuery, filterFromUpdate, wants } from "../src/subscribe/filter.ts";

const row = (kind: string, did: string, collection: string | null = null) => ({
  timeUs: 1,
  did,
  kind,
  collection,
  json: "{}",
});

describe("subscriber filter", () => {
  it("matches exact collections and prefix wildcards, commits only; DIDs for every kind", () => {
    const f = filterFromQuery(
      new URLSearchParams(
        "wantedCollections=app.bsky.feed.post&wantedCollections=net.atrarium.*&wantedDids=did:plc:a",
      ),
    );
    expect(wants(f, row("commit", "did:plc:a", "app.bsky.feed.post"))).toBe(true);
    expect(wants(f, row("commit", "did:plc:a", "app.bsky.feed.like"))).toBe(false);
    expect(wants(f, row("commit", "did:plc:a", "net.atrarium.community.config"))).toBe(true);
    expect(wants(f, row("commit", "did:plc:a", "net.atrariumx.thing"))).toBe(false);
    expect(wants(f, row("identity", "did:plc:a"))).toBe(true);
    expect(wants(f, row("account", "did:plc:b"))).toBe(false);
    expect(wants(f, row("commit", "did:plc:b", "app.bsky.feed.post"))).toBe(false);
  });

  it("coerces a malformed, negative or huge maxMessageSizeBytes to 0 (no limit), as upstream v1", () => {
    const size = (v: string) =>
      filterFromQuery(new URLSearchParams({ maxMessageSizeBytes: v })).maxMessageSizeBytes;
    expect(size("1000")).toBe(1000);
    for (const v of ["", "abc", "-5", "1e3", "99999999999"]) expect(size(v)).toBe(0);
    expect(filterFromUpdate({ maxMessageSizeBytes: -1 }).maxMessageSizeBytes).toBe(0);
  });

  it("rejects invalid NSIDs and DIDs, too many collections, and malformed options_update payloads", () => {
    const q = (s: string) => () => filterFromQuery(new URLSearchParams(s));
    expect(q("wantedCollections=bad")).toThrow(FilterError);
    expect(q("wantedCollections=app.bsky.fo*")).toThrow(FilterError);
    expect(q("wantedDids=did:plc")).toThrow(FilterError);
    const many = Array.from({ length: 101 }, (_, i) => `wantedCollections=app.x.c${i}`).join("&");
    expect(q(many)).toThrow(/too many/);
    expect(() => filterFromUpdate(null)).toThrow(FilterError);
    expect(() => filterFromUpdate({ wantedDids: "did:plc:a" })).toThrow(FilterError);
    expect(() => filterFromUpdate({ maxMessageSizeBytes: "10" })).toThrow(FilterError);
    expect(filterFromUpdate({})).toEqual({ collections: null, dids: null, maxMessageSizeBytes: 0 });
  });
});

describe("cursor", () => {
  const now = 1_700_000_000_000_000;
  it("replays inclusively from a past cursor; none or a future one is the live tip", () => {
    expect(replayPosition("1699999999000000", now)).toBe(1699999998999999);
    expect(replayPosition("0", now)).toBe(-1);
    expect(replayPosition(null, now)).toBeNull();
    expect(replayPosition(String(now + 1), now)).toBeNull();
  });
  it("rejects anything but a non-negative integer", () => {
    for (const raw of ["-1", "1.5", "abc", "1e15", "12345678901234567"]) {
      expect(() => replayPosition(raw, now)).toThrow(CursorError);
    }
  });
});
