// The registry's side of the lifecycle sweep (lifecycle/sweep-ledger.ts), on a registry of its own:
// batches rotate over every community and wrap around, one sweep runs at a time (a lease that a
// finished sweep releases and an abandoned one lets run out), and the statuses found hide archived
// communities from the list (one not swept yet counts as active).
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";

const registry = (name: string) => env.HASHTAG_REGISTRY.get(env.HASHTAG_REGISTRY.idFromName(name));

async function withCommunities(name: string, ids: string[]) {
  const r = registry(name);
  for (const [i, id] of ids.entries())
    await r.claim(
      {
        id,
        configUri: `at://did:plc:owner${i}/net.atrarium.community.config/${id}`,
        owner: `did:plc:owner${i}`,
        createdAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
      },
      { kind: "discovery" },
    );
  return r;
}

const LEASE_MS = 60_000;

describe("lifecycle sweep ledger", () => {
  it("hands out batches after a rotating cursor, wrapping around, one sweep at a time", async () => {
    const r = await withCommunities("sweep-rotation", ["a", "b", "c", "d", "e"]);
    expect(await r.takeSweepBatch(2, LEASE_MS)).toEqual(["a", "b"]);
    // The first sweep has not reported: no second one.
    expect(await r.takeSweepBatch(2, LEASE_MS)).toBeNull();
    await r.recordLifecycleStatuses({}, true);
    expect(await r.takeSweepBatch(2, LEASE_MS)).toEqual(["c", "d"]);
    await r.recordLifecycleStatuses({}, true);
    expect(await r.takeSweepBatch(2, LEASE_MS)).toEqual(["e", "a"]);
    await r.recordLifecycleStatuses({}, true);
    expect(await r.takeSweepBatch(2, LEASE_MS)).toEqual(["b", "c"]);
  });

  it("lets an abandoned sweep's lease run out", async () => {
    const r = await withCommunities("sweep-lease", ["a", "b", "c"]);
    expect(await r.takeSweepBatch(5, 1)).toEqual(["a", "b", "c"]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    // Fewer communities than a batch: each once, from the start again.
    expect(await r.takeSweepBatch(5, LEASE_MS)).toEqual(["a", "b", "c"]);
  });

  it("leaves archived communities out of the list, and lists them again once revived", async () => {
    const r = await withCommunities("sweep-statuses", ["a", "b", "c"]);
    const listed = async () => (await r.listUnarchived()).map((e) => e.id);
    expect(await listed()).toEqual(["a", "b", "c"]);
    await r.recordLifecycleStatuses({ a: "archived", b: "inactive", zz: "archived" }, false);
    expect(await listed()).toEqual(["b", "c"]);
    await r.recordLifecycleStatuses({ a: "active" }, false);
    expect(await listed()).toEqual(["a", "b", "c"]);
    // No config any more: the status is forgotten, and the community counts as active.
    await r.recordLifecycleStatuses({ b: "archived" }, false);
    await r.recordLifecycleStatuses({ b: null }, false);
    expect(await listed()).toEqual(["a", "b", "c"]);
  });
});
