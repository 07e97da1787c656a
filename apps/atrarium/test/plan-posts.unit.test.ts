import { describe, expect, it } from "vitest";
import type { JetstreamEvent } from "../src/env.ts";
import { planPosts } from "../src/ingest/plan-posts.ts";

const DID = "did:plc:author";
let t = 0;
const ev = (
  operation: "create" | "update" | "delete",
  rkey: string,
  rev: string,
  text?: string,
): JetstreamEvent => ({
  did: DID,
  time_us: ++t,
  kind: "commit",
  commit: {
    rev,
    operation,
    collection: "app.bsky.feed.post",
    rkey,
    ...(text === undefined ? {} : { record: { text, createdAt: "2026-11-24T00:00:00Z" }, cid: "bafy" }),
  },
});
const uri = (rkey: string) => `at://${DID}/app.bsky.feed.post/${rkey}`;

describe("planning a batch of post events", () => {
  it("places a tagged post in registered communities and parks it for unknown ones", () => {
    const plan = planPosts(
      [ev("create", "a", "r1", "#atrarium_11111111 #atrarium_22222222")],
      new Map(),
      new Set(["11111111"]),
    );
    expect(plan.byCommunity.get("11111111")?.puts.map((p) => p.uri)).toEqual([uri("a")]);
    expect(plan.park.map((p) => p.waitsFor)).toEqual(["#22222222"]);
    expect(plan.placements.get(uri("a"))?.communities).toEqual(["11111111"]);
  });

  it("follows a create, an edit that drops the tag, and a delete within one batch", () => {
    const plan = planPosts(
      [
        ev("create", "b", "r1", "#atrarium_11111111"),
        ev("update", "b", "r2", "untagged"),
        ev("delete", "b", "r3"),
      ],
      new Map(),
      new Set(["11111111"]),
    );
    const ops = plan.byCommunity.get("11111111");
    expect(ops?.puts).toHaveLength(1);
    expect(ops?.removes.map((r) => r.rev)).toEqual(["r2"]);
    expect(plan.placements.get(uri("b"))).toMatchObject({ communities: [], rev: "r3", deleted: true });
  });

  it("ignores an event older than what is known, and re-applies the same rev to a newly registered community", () => {
    const known = new Map([[uri("c"), { communities: ["11111111"], rev: "r5", deleted: false }]]);
    const stale = planPosts([ev("update", "c", "r4", "#atrarium_11111111")], known, new Set(["11111111"]));
    expect(stale.ignored).toBe(1);
    expect(stale.byCommunity.size).toBe(0);
    const again = planPosts(
      [ev("create", "c", "r5", "#atrarium_11111111 #atrarium_33333333")],
      known,
      new Set(["11111111", "33333333"]),
    );
    expect(again.placements.get(uri("c"))?.communities.sort()).toEqual(["11111111", "33333333"]);
    expect(again.byCommunity.get("11111111")?.removes).toEqual([]);
  });

  it("ignores untagged posts that were never placed", () => {
    const plan = planPosts(
      [ev("create", "d", "r1", "nothing"), ev("delete", "e", "r1")],
      new Map(),
      new Set(),
    );
    expect(plan.ignored).toBe(2);
    expect(plan.placements.size).toBe(0);
  });
});
