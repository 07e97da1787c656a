// Every Durable Object creates its tables through numbered migrations (shared/sql.ts), and storage
// written by a build from before them still opens: the state is put back as that build left it
// (tables created bare, no or fewer migrations recorded), the object is restarted from storage, and
// it keeps its data and records the migrations.
import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { CommunityFeed } from "../../src/community/community-feed.ts";
import { COMMUNITY_MIGRATIONS } from "../../src/community/schema.ts";
import type { RequestGuard } from "../../src/guard/request-guard.ts";
import { durableObjectStubs } from "../../src/stubs.ts";
import type { CommunitySync } from "../../src/sync/community-sync.ts";
import type { NetworkSync } from "../../src/sync/network-sync.ts";
import { ALICE, feedUris, post, rev, seededCommunity } from "./community-fixtures.ts";

const stubs = durableObjectStubs(env);
const ALL_COMMUNITY_VERSIONS = COMMUNITY_MIGRATIONS.map((_, i) => i + 1);
type Instance = CommunityFeed | CommunitySync | NetworkSync | RequestGuard;

// The migrations an object has recorded (none: the table does not exist).
const versionsOf = (stub: DurableObjectStub<Instance>) =>
  runInDurableObject(stub, (_: Instance, state) => {
    const table = state.storage.sql
      .exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_migrations'")
      .toArray();
    if (table.length === 0) return [];
    return state.storage.sql
      .exec("SELECT version FROM _migrations ORDER BY version")
      .toArray()
      .map((r) => r.version);
  });

// Runs `sql` on the object's storage, then drops the instance so the next call constructs it anew
// from that storage, as after a deploy of this build.
async function asLeftBy(stub: DurableObjectStub<Instance>, sql: string): Promise<void> {
  await runInDurableObject(stub, (_: Instance, state) => {
    state.storage.sql.exec(sql);
  });
  await evictDurableObject(stub);
}

describe("numbered migrations", () => {
  it("a community whose repo_floor table was created outside the migrations keeps its floors", async () => {
    const stub = await seededCommunity([ALICE]);
    await stub.raiseFloor(ALICE, rev(5));
    expect(await versionsOf(stub)).toEqual(ALL_COMMUNITY_VERSIONS);

    // As the build before the numbered migrations left it: only the first recorded, none of the
    // later tables or columns.
    await asLeftBy(
      stub,
      [
        "DELETE FROM _migrations WHERE version > 1",
        "DROP TABLE author_status",
        "ALTER TABLE post DROP COLUMN content",
        "DROP TABLE lifecycle_activity",
        "DROP TABLE achievement",
        "DROP TABLE post_count",
        "DROP TABLE moderator_since",
        "DROP TABLE label_hide",
        "DROP TABLE label_source",
        "DROP TABLE reaction",
        "DROP TABLE emoji",
        "DROP INDEX moderation_action_idx",
        "ALTER TABLE moderation DROP COLUMN title",
        "ALTER TABLE config DROP COLUMN access_type",
        "DROP TABLE IF EXISTS lifecycle_mark",
        "DROP TABLE IF EXISTS lifecycle_suggestion",
        "DROP TABLE former_owner",
      ].join("; "),
    );
    expect(await versionsOf(stub)).toEqual(ALL_COMMUNITY_VERSIONS);
    // The floor survived: an older write is still history, a newer one shows.
    expect(await stub.applyPost(post(ALICE, "old", { rev: rev(4) }))).toBe(false);
    expect(await stub.applyPost(post(ALICE, "new", { rev: rev(6) }))).toBe(true);
    expect(await feedUris(stub)).toEqual([post(ALICE, "new").uri]);
  });

  it("a community sync from before the migrations keeps its state", async () => {
    const stub = stubs.communitySync("migrated");
    expect((await stub.status()).rebuild.state).toBe("none");
    expect(await versionsOf(stub)).toEqual([1]);
    const state = { refresh: { lastAttemptAt: 1, lastOkAt: 1, failing: false, attempts: 0 } };
    const complete = { state: "complete", attempts: 1, finishedAt: 1 };
    const old = JSON.stringify({ ...state, rebuild: complete, nextRetryAt: 0 });

    await asLeftBy(stub, `DROP TABLE _migrations; INSERT OR REPLACE INTO kv VALUES ('state', '${old}')`);
    expect(await stub.status()).toMatchObject({ rebuild: complete, stale: false });
    expect(await versionsOf(stub)).toEqual([1]);
  });

  it("the network sync from before the migrations keeps its discovery state", async () => {
    const stub = stubs.networkSync();
    const done = JSON.stringify({ state: "complete", attempts: 2, communities: 3, fetched: 4 });
    await asLeftBy(stub, `DROP TABLE _migrations; INSERT OR REPLACE INTO kv VALUES ('discovery', '${done}')`);
    expect(await stub.status()).toEqual({
      state: "complete",
      attempts: 2,
      communities: 3,
      fetched: 4,
      stale: false,
    });
    expect(await versionsOf(stub)).toEqual([1]);
  });

  it("a request guard records its migrations", async () => {
    const stub = stubs.guard("ip:192.0.2.1");
    const limit = { window: "main", limit: 5, windowMs: 60_000 };
    expect(await stub.admit({ charge: [limit] })).toMatchObject({ allowed: true });
    expect(await versionsOf(stub)).toEqual([1, 2]);
  });
});
