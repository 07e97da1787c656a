// Retention of a CommunityFeed: the first write arms an alarm, the alarm purges what is older than
// RETENTION_SECONDS (its default: 7 days) and re-arms for the next oldest post.
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { expect, it } from "vitest";
import type { CommunityFeed } from "../../src/community/community-feed.ts";
import { readSettings } from "../../src/settings.ts";
import {
  ALICE,
  feedUris,
  freshCommunity,
  isoDaysAgo,
  post,
  rev,
  seededCommunity,
} from "./community-fixtures.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const { retentionMs } = readSettings(env);

type Stub = ReturnType<typeof freshCommunity>;
const alarmOf = (stub: Stub) =>
  runInDurableObject(stub, (_: CommunityFeed, state) => state.storage.getAlarm());
const postUris = (stub: Stub) =>
  runInDurableObject(stub, (_: CommunityFeed, state) =>
    state.storage.sql
      .exec("SELECT uri FROM post ORDER BY uri")
      .toArray()
      .map((r) => r.uri),
  );

it("a write arms a publish to the pool soon, then retention one window ahead; a rejected write arms nothing", async () => {
  expect(retentionMs).toBe(7 * DAY_MS);
  const stub = freshCommunity();
  await stub.raiseFloor(ALICE, rev(5));
  expect(await stub.applyPost(post(ALICE, "old", { rev: rev(4) }))).toBe(false);
  expect(await stub.applyPostOps([post(ALICE, "old", { rev: rev(4) })], [])).toBe(0);
  expect(await alarmOf(stub)).toBeNull();

  const before = Date.now();
  expect(await stub.applyPost(post(ALICE, "p1", { rev: rev(5) }))).toBe(true);
  // The global pool's publish first (community-feed.ts poolChanged)...
  expect(await alarmOf(stub)).toBeLessThanOrEqual(Date.now() + 1000);
  expect(await runDurableObjectAlarm(stub)).toBe(true);
  // ...then the alarm waits for the oldest post to leave the window.
  const alarm = await alarmOf(stub);
  expect(alarm).toBeGreaterThanOrEqual(before + retentionMs);
  expect(alarm).toBeLessThanOrEqual(Date.now() + retentionMs);
});

it("the alarm purges posts and tombstones past the window and re-arms for the oldest kept post", async () => {
  const stub = await seededCommunity([ALICE]);
  const expired = post(ALICE, "expired", { createdAt: isoDaysAgo(8) });
  const kept = post(ALICE, "kept", { createdAt: isoDaysAgo(6) });
  const fresh = post(ALICE, "fresh", { createdAt: isoDaysAgo(0) });
  await stub.applyPostOps([expired, kept, fresh], []);
  await stub.remove("post", post(ALICE, "deleted-long-ago").uri, ALICE, rev(1));
  await runInDurableObject(stub, (_: CommunityFeed, state) => {
    // A tombstone keeps the time it was written; age it past the window.
    state.storage.sql.exec(
      "UPDATE post SET sort_time = ? WHERE uri = ?",
      Date.now() - 9 * DAY_MS,
      post(ALICE, "deleted-long-ago").uri,
    );
  });

  expect(await runDurableObjectAlarm(stub)).toBe(true);
  expect(await postUris(stub)).toEqual([fresh.uri, kept.uri].sort());
  expect(await feedUris(stub)).toEqual([fresh.uri, kept.uri]);
  const keptSortTime = Date.parse(kept.createdAt);
  expect(await alarmOf(stub)).toBe(keptSortTime + retentionMs);
});

it("an alarm with nothing left to keep does not re-arm", async () => {
  const stub = await seededCommunity([ALICE]);
  await stub.applyPost(post(ALICE, "expired", { createdAt: isoDaysAgo(8) }));
  expect(await runDurableObjectAlarm(stub)).toBe(true);
  expect(await postUris(stub)).toEqual([]);
  expect(await alarmOf(stub)).toBeNull();
  expect(await runDurableObjectAlarm(stub)).toBe(false);
});
