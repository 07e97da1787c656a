// The identity cache's TTLs and bounds (src/identity/ttl-cache.ts), on a clock the test moves.
import { describe, expect, it } from "vitest";
import { TtlCache } from "../src/identity/ttl-cache.ts";

function cacheAt(opts: { staleMs: number; maxMs: number; maxEntries: number }) {
  const clock = { now: 1_000 };
  const cache = new TtlCache<string>({ ...opts, now: () => clock.now });
  return { cache, clock };
}

describe("TtlCache", () => {
  it("is fresh, then stale, then gone", () => {
    const { cache, clock } = cacheAt({ staleMs: 100, maxMs: 1000, maxEntries: 10 });
    cache.set("did:plc:a", "doc");
    expect(cache.get("did:plc:a")).toEqual({ value: "doc", stale: false });
    clock.now += 100;
    expect(cache.get("did:plc:a")).toEqual({ value: "doc", stale: true });
    clock.now += 900;
    expect(cache.get("did:plc:a")).toBeNull();
  });

  it("evicts the oldest write beyond maxEntries; a rewrite counts as new", () => {
    const { cache } = cacheAt({ staleMs: 100, maxMs: 1000, maxEntries: 2 });
    cache.set("a", "1");
    cache.set("b", "2");
    cache.set("a", "1b");
    cache.set("c", "3");
    expect(cache.get("b")).toBeNull();
    expect(cache.get("a")?.value).toBe("1b");
    expect(cache.get("c")?.value).toBe("3");
  });

  it("deletes by key and by value; keeps nothing with maxMs 0", () => {
    const { cache } = cacheAt({ staleMs: 100, maxMs: 1000, maxEntries: 10 });
    cache.set("alice.example.com", "did:plc:a");
    cache.set("alias.example.com", "did:plc:a");
    cache.set("bob.example.com", "did:plc:b");
    cache.deleteWhere((did) => did === "did:plc:a");
    expect(cache.get("alice.example.com")).toBeNull();
    expect(cache.get("alias.example.com")).toBeNull();
    cache.delete("bob.example.com");
    expect(cache.get("bob.example.com")).toBeNull();

    const off = cacheAt({ staleMs: 0, maxMs: 0, maxEntries: 10 }).cache;
    off.set("x", "y");
    expect(off.get("x")).toBeNull();
  });
});
