// Achievements inside workerd (achievements/ and @atrarium/lexicon achievements.ts): each rule of the
// table awarded from the index's rows and counters, once; counters that survive retention and replays;
// the time-based moderator milestone checked on read; the member list's badges; and through the Worker
// itself, getAchievements (theme-spawned from the hierarchy) and the lineage getHierarchy keeps.
import { runDurableObjectAlarm, runInDurableObject, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ACHIEVEMENT_MIGRATION } from "../../src/achievements/achievement-schema.ts";
import type { CommunityFeed } from "../../src/community/community-feed.ts";
import { ALICE, BOB, isoDaysAgo, MODERATOR, membership, post, rev } from "./community-fixtures.ts";
import { community, type TestCommunity } from "./mix-fixtures.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
type Stub = TestCommunity["stub"];

async function achievements(stub: Stub, member?: string) {
  const reply = await stub.read({ kind: "achievements", ...(member ? { member } : {}) });
  if (!reply.ok || reply.info.state !== "ok") throw new Error("no config");
  return reply.answer as {
    community: { id: string; scope: string; achievedAt: string }[];
    members?: { did: string; achievements: { id: string; achievedAt: string }[] }[];
  };
}
const communityIds = async (stub: Stub) => (await achievements(stub)).community.map((a) => a.id);
// Sorted: awards are listed by time, and a post's milestones are dated at its (earlier) createdAt.
const memberIds = async (stub: Stub, did: string) =>
  ((await achievements(stub, did)).members?.[0]?.achievements ?? []).map((a) => a.id).sort();

const sqlIn = <T>(stub: Stub, query: string, ...params: unknown[]) =>
  runInDurableObject(
    stub,
    (_: CommunityFeed, state) => state.storage.sql.exec(query, ...params).toArray() as T[],
  );
const postCount = async (stub: Stub, subject: string) =>
  (await sqlIn<{ posts: number }>(stub, "SELECT posts FROM post_count WHERE subject = ?", subject))[0]
    ?.posts ?? 0;

describe("achievements in the community index", () => {
  it("a first post earns first-post for the community and its author, at the post's time", async () => {
    const c = await community({ moderators: [] }, []);
    expect(await communityIds(c.stub)).toEqual([]);
    const createdAt = new Date(Date.now() - 60_000).toISOString();
    expect(await c.stub.applyPost(post(ALICE, `${c.id}-first`, { createdAt }))).toBe(true);
    const got = await achievements(c.stub, ALICE);
    expect(got.community).toEqual([{ id: "first-post", scope: "community", achievedAt: createdAt }]);
    expect(got.members).toEqual([
      { did: ALICE, achievements: [{ id: "first-post", scope: "member", achievedAt: createdAt }] },
    ]);
    expect(await memberIds(c.stub, BOB)).toEqual([]);
  });

  it("a post counts once: replays, edits and a replay after the purge do not count again; deletes keep the count", async () => {
    const c = await community({ moderators: [] });
    const p = post(ALICE, `${c.id}-replayed`, { rev: rev(2) });
    await c.stub.applyPost(p);
    await c.stub.applyPost(p);
    await c.stub.applyPostOps([p, { ...p, rev: rev(3), text: "edited" }], []);
    expect(await postCount(c.stub, "")).toBe(1);
    expect(await postCount(c.stub, ALICE)).toBe(1);
    await c.stub.remove("post", p.uri, ALICE, rev(4));
    expect(await postCount(c.stub, "")).toBe(1);

    // An old post purged by retention, then replayed by a rebuild: not counted a second time.
    const old = post(ALICE, `${c.id}-old`, { createdAt: new Date(Date.now() - 6 * DAY_MS).toISOString() });
    await c.stub.applyPost(old);
    expect(await postCount(c.stub, "")).toBe(2);
    await sqlIn(c.stub, "UPDATE post SET sort_time = ? WHERE uri = ?", Date.now() - 8 * DAY_MS, old.uri);
    await runDurableObjectAlarm(c.stub);
    expect(await sqlIn(c.stub, "SELECT uri FROM post WHERE uri = ?", old.uri)).toEqual([]);
    await c.stub.applyPostOps([{ ...old, createdAt: new Date(Date.now() - 8 * DAY_MS).toISOString() }], []);
    expect(await postCount(c.stub, "")).toBe(2);
    expect(await postCount(c.stub, ALICE)).toBe(2);
  });

  it("100 posts earn posts-100 (and the author posts-10 and posts-100); counts outlive the purge", async () => {
    const c = await community({ moderators: [] });
    await c.addPosts(99);
    expect(await communityIds(c.stub)).toEqual(["first-post"]);
    expect(await memberIds(c.stub, ALICE)).toEqual(["first-post", "founding-member", "posts-10"]);
    await c.addPosts(1);
    expect(await communityIds(c.stub)).toEqual(["first-post", "posts-100"]);
    expect(await memberIds(c.stub, ALICE)).toEqual([
      "first-post",
      "founding-member",
      "posts-10",
      "posts-100",
    ]);

    await sqlIn(c.stub, "UPDATE post SET sort_time = ?", Date.now() - 8 * DAY_MS);
    await runDurableObjectAlarm(c.stub);
    expect(await sqlIn(c.stub, "SELECT uri FROM post")).toEqual([]);
    await c.addPosts(1, { author: BOB });
    expect(await postCount(c.stub, "")).toBe(101);
    expect(await communityIds(c.stub)).toEqual(["first-post", "posts-100"]);
  });

  it("10 members earn members-10; the first 10 by join time are founding members", async () => {
    const c = await community({ moderators: [] }, []);
    const dids = Array.from({ length: 11 }, (_, i) => `did:plc:member${String(i).padStart(17, "0")}`);
    // Joined a minute apart; written newest first, so founding goes by join time, not arrival.
    for (const [i, did] of dids.entries()) {
      if (i === 10) continue;
      const joinedAt = new Date(Date.now() - (20 - i) * 60_000).toISOString();
      await c.stub.applyMembership(
        membership(did, { uri: `at://${did}/net.atrarium.community.membership/${c.id}`, joinedAt }),
      );
      expect(await communityIds(c.stub)).toEqual(i < 9 ? [] : ["members-10"]);
    }
    const late = dids[10] as string;
    const lateMembership = membership(late, {
      uri: `at://${late}/net.atrarium.community.membership/${c.id}`,
      joinedAt: new Date().toISOString(),
    });
    await c.stub.applyMembership(lateMembership);
    for (const did of dids.slice(0, 10)) expect(await memberIds(c.stub, did)).toEqual(["founding-member"]);
    expect(await memberIds(c.stub, late)).toEqual([]);
    // Replaying a membership awards nothing twice.
    await c.stub.applyMembership({ ...lateMembership, rev: rev(2) });
    expect(await communityIds(c.stub)).toEqual(["members-10"]);
  });

  it("graduating earns graduated, and changing the stage back does not take it away", async () => {
    const c = await community({ stage: "community", moderators: [] });
    expect(await communityIds(c.stub)).toEqual([]);
    await c.configure({ stage: "graduated" });
    expect(await communityIds(c.stub)).toEqual(["graduated"]);
    await c.configure({ stage: "community" });
    expect(await communityIds(c.stub)).toEqual(["graduated"]);
  });

  it("a moderator listed for 30 days earns moderator-30-days on read, dated the day the 30 days ended", async () => {
    const c = await community({ moderators: [MODERATOR], createdAt: isoDaysAgo(2) });
    expect(await memberIds(c.stub, MODERATOR)).toEqual([]);
    // The first config seen: its moderators count from its createdAt.
    const [row] = await sqlIn<{ since: number }>(
      c.stub,
      "SELECT since FROM moderator_since WHERE did = ?",
      MODERATOR,
    );
    expect(Math.abs((row?.since ?? 0) - (Date.now() - 2 * DAY_MS))).toBeLessThan(60_000);
    const since = Date.now() - 31 * DAY_MS;
    await sqlIn(c.stub, "UPDATE moderator_since SET since = ? WHERE did = ?", since, MODERATOR);
    const got = (await achievements(c.stub, MODERATOR)).members?.[0]?.achievements;
    expect(got).toEqual([
      { id: "moderator-30-days", scope: "member", achievedAt: new Date(since + 30 * DAY_MS).toISOString() },
    ]);

    // A moderator added by an update counts from then; one dropped and listed again starts over.
    await c.configure({ moderators: [MODERATOR, BOB] });
    const rows = await sqlIn<{ did: string; since: number }>(
      c.stub,
      "SELECT did, since FROM moderator_since ORDER BY did",
    );
    expect(rows.find((r) => r.did === BOB)?.since).toBeGreaterThan(Date.now() - 60_000);
    await c.configure({ moderators: [BOB] });
    expect(await memberIds(c.stub, MODERATOR)).toEqual(["moderator-30-days"]);
    await c.configure({ moderators: [BOB, MODERATOR] });
    const again = await sqlIn<{ since: number }>(
      c.stub,
      "SELECT since FROM moderator_since WHERE did = ?",
      MODERATOR,
    );
    expect(again[0]?.since).toBeGreaterThan(Date.now() - 60_000);
  });

  it("the member list carries each member's badge ids", async () => {
    const c = await community({ moderators: [] }, [ALICE, BOB]);
    await c.addPosts(10);
    const reply = await c.stub.read({ kind: "members", limit: 50 });
    if (!reply.ok) throw new Error("members failed");
    const members = (reply.answer as { members: { did: string; achievements?: string[] }[] }).members;
    expect(members.find((m) => m.did === ALICE)?.achievements?.sort()).toEqual([
      "first-post",
      "founding-member",
      "posts-10",
    ]);
    expect(members.find((m) => m.did === BOB)?.achievements).toEqual(["founding-member"]);
  });
});

describe("an index from before achievements", () => {
  it("the migration starts the counters from the posts it holds and the moderators from the config", async () => {
    const c = await community({ moderators: [MODERATOR], createdAt: isoDaysAgo(40) });
    await c.addPosts(3);
    await c.addPosts(2, { author: BOB });
    await sqlIn(c.stub, "DELETE FROM post_count; DELETE FROM moderator_since; DELETE FROM achievement");
    // The migration is safe to run again on tables that exist (IF NOT EXISTS, OR IGNORE).
    await sqlIn(c.stub, ACHIEVEMENT_MIGRATION);
    expect(await postCount(c.stub, "")).toBe(5);
    expect(await postCount(c.stub, ALICE)).toBe(3);
    expect(await postCount(c.stub, BOB)).toBe(2);
    const [row] = await sqlIn<{ since: number }>(
      c.stub,
      "SELECT since FROM moderator_since WHERE did = ?",
      MODERATOR,
    );
    expect(Math.abs((row?.since ?? 0) - (Date.now() - 40 * DAY_MS))).toBeLessThan(60_000);
    // Read: the community's milestones and the moderator's days show without waiting for a write.
    expect(await communityIds(c.stub)).toEqual(["first-post"]);
    expect(await memberIds(c.stub, MODERATOR)).toEqual(["moderator-30-days"]);
  });
});

describe("achievements and lineage through the Worker", () => {
  const call = async (path: string) => {
    const res = await SELF.fetch(`https://atrarium.test${path}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  };

  it("getAchievements lists the community's and a member's milestones; theme-spawned comes from the hierarchy", async () => {
    const parent = await community({ moderators: [] });
    await parent.addPosts(1);
    const body = await call(
      `/xrpc/net.atrarium.community.getAchievements?community=${parent.id}&member=${ALICE}`,
    );
    expect((body.community as { id: string }[]).map((a) => a.id)).toEqual(["first-post"]);
    const [mine] = body.members as { did: string; achievements: { id: string; scope: string }[] }[];
    expect(mine?.did).toBe(ALICE);
    expect(mine?.achievements.map((a) => `${a.scope}:${a.id}`).sort()).toEqual([
      "member:first-post",
      "member:founding-member",
    ]);
    expect(body.stale).toBeTypeOf("boolean");

    const child = await community({ parentCommunity: parent.configUri, moderators: [] });
    const rest = await call(`/api/communities/${parent.id}/achievements`);
    // Dated at the child's createdAt (30 days ago in the fixtures), so it sorts first.
    expect((rest.community as { id: string }[]).map((a) => a.id)).toEqual(["theme-spawned", "first-post"]);
    expect(rest.members).toBeUndefined();
    const members = await call(`/api/communities/${parent.id}/members`);
    const alice = (members.members as { did: string; achievements: string[] }[]).find((m) => m.did === ALICE);
    expect(alice?.achievements.sort()).toEqual(["first-post", "founding-member"]);

    // Lineage: the graduated theme still names where it grew from, and its parent still lists it.
    await child.configure({ stage: "graduated" });
    const up = await call(`/api/communities/${child.id}/hierarchy`);
    expect(up.parentStatus).toBe("detached");
    expect((up.ancestors as { id: string }[]).map((a) => a.id)).toEqual([parent.id]);
    const down = await call(`/api/communities/${parent.id}/hierarchy`);
    expect((down.children as { id: string; stage: string }[]).map((c) => [c.id, c.stage])).toEqual([
      [child.id, "graduated"],
    ]);
  });
});
