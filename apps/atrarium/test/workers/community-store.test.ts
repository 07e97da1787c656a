// CommunityFeed writes inside workerd: migrations, last write wins by rev, tombstones, repo floors.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { CommunityFeed } from "../../src/community/community-feed.ts";
import { COMMUNITY_MIGRATIONS } from "../../src/community/schema.ts";
import {
  ALICE,
  config,
  feedUris,
  type freshCommunity,
  isoDaysAgo,
  MODERATOR,
  membership,
  moderation,
  OWNER,
  post,
  rev,
  seededCommunity,
} from "./community-fixtures.ts";

type Stub = ReturnType<typeof freshCommunity>;

const rowOf = (stub: Stub, table: string, uri: string) =>
  runInDurableObject(
    stub,
    (_: CommunityFeed, state) =>
      state.storage.sql.exec(`SELECT * FROM ${table} WHERE uri = ?`, uri).toArray()[0],
  );

describe("schema", () => {
  it("applies the migrations once and keeps data when the object is rebuilt from storage", async () => {
    const stub = await seededCommunity();
    const tables = await runInDurableObject(stub, (_: CommunityFeed, state) => ({
      versions: state.storage.sql.exec("SELECT version FROM _migrations ORDER BY version").toArray(),
      names: state.storage.sql
        .exec("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .toArray()
        .map((r) => r.name),
    }));
    expect(tables.versions).toEqual(COMMUNITY_MIGRATIONS.map((_, i) => ({ version: i + 1 })));
    expect(tables.names).toEqual(
      expect.arrayContaining([
        "_migrations",
        "author_status",
        "config",
        "membership",
        "moderation",
        "post",
        "repo_floor",
      ]),
    );

    await stub.applyPost(post(ALICE, "p1"));
    await evictDurableObject(stub);
    const after = await runInDurableObject(stub, (_: CommunityFeed, state) =>
      state.storage.sql.exec("SELECT COUNT(*) AS n FROM _migrations").one(),
    );
    expect(after.n).toBe(COMMUNITY_MIGRATIONS.length);
    expect(await feedUris(stub)).toEqual([post(ALICE, "p1").uri]);
  });
});

describe("last write wins by rev", () => {
  it("takes a newer edit of a post, ignores older and equal revs, and keeps the first-seen time", async () => {
    const stub = await seededCommunity();
    const created = post(ALICE, "p1", { rev: rev(5), text: "first" });
    expect(await stub.applyPost(created)).toBe(true);
    const firstSeen = (await rowOf(stub, "post", created.uri))?.indexed_at;

    expect(await stub.applyPost({ ...created, rev: rev(4), text: "older" })).toBe(false);
    expect(await stub.applyPost({ ...created, rev: rev(5), text: "same rev" })).toBe(false);
    expect((await rowOf(stub, "post", created.uri))?.text).toBe("first");

    expect(await stub.applyPost({ ...created, rev: rev(6), text: "edited" })).toBe(true);
    const row = await rowOf(stub, "post", created.uri);
    expect(row).toMatchObject({ text: "edited", rev: rev(6), indexed_at: firstSeen });
  });

  it("caps a future-dated post's sort time at the moment it was first seen", async () => {
    const stub = await seededCommunity();
    const before = Date.now();
    const future = post(ALICE, "future", { createdAt: new Date(before + 86_400_000).toISOString() });
    await stub.applyPost(future);
    const row = await rowOf(stub, "post", future.uri);
    expect(row?.sort_time).toBe(row?.indexed_at);
    expect(Number(row?.sort_time)).toBeLessThanOrEqual(Date.now());
    expect(Number(row?.sort_time)).toBeGreaterThanOrEqual(before);
  });

  it("deletes leave a tombstone that an older replay of the create cannot bring back", async () => {
    const stub = await seededCommunity();
    const created = post(ALICE, "p1", { rev: rev(2) });
    await stub.applyPost(created);
    expect(await stub.remove("post", created.uri, ALICE, rev(3))).toBe(true);

    expect(await rowOf(stub, "post", created.uri)).toMatchObject({ deleted: 1, text: null, cid: null });
    expect(await stub.applyPost(created)).toBe(false);
    expect(await feedUris(stub)).toEqual([]);
    // A repeated delete with the same rev changes nothing.
    expect(await stub.remove("post", created.uri, ALICE, rev(3))).toBe(false);
  });

  it("a delete that arrives before its create still wins", async () => {
    const stub = await seededCommunity();
    const created = post(ALICE, "early", { rev: rev(7) });
    expect(await stub.remove("post", created.uri, ALICE, rev(8))).toBe(true);
    expect(await stub.applyPost(created)).toBe(false);
    expect(await rowOf(stub, "post", created.uri)).toMatchObject({ deleted: 1, rev: rev(8) });
    expect(await feedUris(stub)).toEqual([]);
  });

  it("memberships follow the newest rev: leaving, an out-of-order old join, deletion", async () => {
    const stub = await seededCommunity([]);
    await stub.applyPost(post(ALICE, "p1"));
    expect(await stub.applyMembership(membership(ALICE, { rev: rev(2) }))).toBe(true);
    expect(await feedUris(stub)).toHaveLength(1);

    expect(await stub.applyMembership(membership(ALICE, { rev: rev(4), active: false }))).toBe(true);
    expect(await stub.applyMembership(membership(ALICE, { rev: rev(3), active: true }))).toBe(false);
    expect(await feedUris(stub)).toEqual([]);

    expect(await stub.applyMembership(membership(ALICE, { rev: rev(5), active: true }))).toBe(true);
    expect(await feedUris(stub)).toHaveLength(1);
    expect(await stub.remove("membership", membership(ALICE).uri, ALICE, rev(6))).toBe(true);
    expect(await rowOf(stub, "membership", membership(ALICE).uri)).toMatchObject({ deleted: 1 });
    expect(await feedUris(stub)).toEqual([]);
  });

  it("a moderation action is undone by deleting it, and an old replay cannot redo it", async () => {
    const stub = await seededCommunity();
    const target = post(ALICE, "p1");
    await stub.applyPost(target);
    const hide = moderation(MODERATOR, "m1", "hide_post", target.uri, isoDaysAgo(0), { rev: rev(2) });
    expect(await stub.applyModeration(hide)).toBe(true);
    expect(await feedUris(stub)).toEqual([]);

    expect(await stub.remove("moderation", hide.uri, MODERATOR, rev(3))).toBe(true);
    expect(await feedUris(stub)).toEqual([target.uri]);
    expect(await stub.applyModeration(hide)).toBe(false);
    expect(await feedUris(stub)).toEqual([target.uri]);
  });

  it("a deleted config takes the feed down; an older config replay does not restore it", async () => {
    const stub = await seededCommunity();
    expect(await stub.remove("config", config().uri, OWNER, rev(2))).toBe(true);
    expect(await stub.feed(OWNER, 10)).toEqual({ ok: false, error: "UnknownFeed" });
    expect(await stub.applyConfig(config({ rev: rev(1) }))).toBe(false);
    expect(await stub.feed(OWNER, 10)).toEqual({ ok: false, error: "UnknownFeed" });
  });
});

describe("batched post ops", () => {
  it("applies removes and puts of a batch and counts only the writes that changed a row", async () => {
    const stub = await seededCommunity();
    const a = post(ALICE, "a", { rev: rev(2) });
    const b = post(ALICE, "b", { rev: rev(2) });
    await stub.applyPost(a);

    const changed = await stub.applyPostOps(
      [b, { ...a, rev: rev(1), text: "stale" }],
      [
        { uri: a.uri, author: ALICE, rev: rev(3) },
        { uri: post(ALICE, "gone").uri, author: ALICE, rev: rev(1) },
      ],
    );
    expect(changed).toBe(3);
    expect(await feedUris(stub)).toEqual([b.uri]);
    expect(await rowOf(stub, "post", post(ALICE, "gone").uri)).toMatchObject({ deleted: 1 });
    // The same batch again is a redelivery: nothing changes.
    expect(await stub.applyPostOps([b], [{ uri: a.uri, author: ALICE, rev: rev(3) }])).toBe(0);
  });
});

describe("repo floors", () => {
  it("after a rebuild listed a repo at a rev, older writes from that repo are dropped", async () => {
    const stub = await seededCommunity();
    await stub.raiseFloor(ALICE, rev(10));
    expect(await stub.applyPost(post(ALICE, "old", { rev: rev(9) }))).toBe(false);
    expect(await stub.applyPostOps([post(ALICE, "old2", { rev: rev(9) })], [])).toBe(0);
    expect(await stub.applyPost(post(ALICE, "at-floor", { rev: rev(10) }))).toBe(true);
    // A lower floor never lowers it.
    await stub.raiseFloor(ALICE, rev(3));
    expect(await stub.applyPost(post(ALICE, "old3", { rev: rev(5) }))).toBe(false);
    expect(await feedUris(stub)).toEqual([post(ALICE, "at-floor").uri]);
  });
});
