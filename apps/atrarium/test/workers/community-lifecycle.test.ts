// A CommunityFeed's lifecycle verdict (lifecycle/): the figures counted from its index, the newest
// post's time kept past the retention purge, and a new post reviving an inactive community.
import { runDurableObjectAlarm } from "cloudflare:test";
import { expect, it } from "vitest";
import type { ApiAnswers } from "../../src/community/api-queries.ts";
import type { LifecycleThresholds } from "../../src/lifecycle/lifecycle-rules.ts";
import {
  ALICE,
  BOB,
  config,
  freshCommunity,
  isoDaysAgo,
  MALLORY,
  moderation,
  OWNER,
  post,
  rev,
  seededCommunity,
} from "./community-fixtures.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

const thresholds: LifecycleThresholds = {
  promoteMembers: 4,
  promoteActivePosters: 2,
  activeWindowMs: 3 * DAY_MS,
  promoteWeeklyPosts: 3,
  growthWarningMembers: 200,
  inactiveMs: 5 * DAY_MS,
  archiveMs: 20 * DAY_MS,
};

type Stub = ReturnType<typeof freshCommunity>;
async function lifecycle(stub: Stub, t: LifecycleThresholds = thresholds) {
  const reply = await stub.read({ kind: "lifecycle", thresholds: t });
  if (!reply.ok) throw new Error(reply.error);
  return reply.answer as ApiAnswers["lifecycle"];
}

it("counts visible members, active posters and weekly posts, and suggests promoting a busy theme", async () => {
  // Owner and moderator are staff: with Alice and Bob, four members.
  const stub = await seededCommunity([ALICE, BOB]);
  await stub.applyPostOps(
    [
      post(ALICE, "a1", { createdAt: isoDaysAgo(0) }),
      post(ALICE, "a2", { createdAt: isoDaysAgo(1) }),
      post(BOB, "b1", { createdAt: isoDaysAgo(2) }),
      // Outside the active window, inside the week.
      post(OWNER, "o1", { createdAt: isoDaysAgo(4) }),
      // Not a member: not visible, counts for nothing.
      post(MALLORY, "m1", { createdAt: isoDaysAgo(0) }),
    ],
    [],
  );
  const answer = await lifecycle(stub);
  expect(answer?.figures).toMatchObject({ stage: "theme", members: 4, activePosters: 2, postsLast7Days: 4 });
  expect(answer?.status).toBe("active");
  expect(answer?.suggestions).toEqual([{ kind: "promote", members: 4, activePosters: 2, postsLast7Days: 4 }]);

  // A hidden post and a blocked member count for nothing either.
  await stub.applyModeration(moderation(OWNER, "hide", "hide_post", post(BOB, "b1").uri, isoDaysAgo(0)));
  expect((await lifecycle(stub))?.suggestions).toEqual([]);
  expect((await lifecycle(stub))?.figures).toMatchObject({ members: 4, activePosters: 1, postsLast7Days: 3 });
});

it("stops suggesting promotion once the owner's config says community", async () => {
  const stub = await seededCommunity([ALICE, BOB]);
  await stub.applyPostOps([post(ALICE, "a1"), post(BOB, "b1"), post(BOB, "b2")], []);
  expect((await lifecycle(stub))?.suggestions.map((s) => s.kind)).toEqual(["promote"]);
  await stub.applyConfig(config({ rev: rev(2), stage: "community" }));
  expect((await lifecycle(stub))?.suggestions).toEqual([]);
  // ...and a community past the growth threshold is told to split.
  expect((await lifecycle(stub, { ...thresholds, growthWarningMembers: 3 }))?.suggestions).toEqual([
    { kind: "split", members: 4, threshold: 3 },
  ]);
});

it("measures inactivity from the newest post even after retention purged it, and a new post revives", async () => {
  // The config is 30 days old; the only post is 8 days old, past the 7-day retention.
  const stub = await seededCommunity([ALICE]);
  const old = post(ALICE, "old", { createdAt: isoDaysAgo(8) });
  await stub.applyPost(old);
  const before = await lifecycle(stub);
  expect(before?.status).toBe("inactive");
  expect(before?.figures.lastActivityMs).toBe(Date.parse(old.createdAt));

  expect(await runDurableObjectAlarm(stub)).toBe(true);
  const after = await lifecycle(stub);
  // Purged, but still 8 days (inactive), not the config's 30 (which would be archived).
  expect(after?.figures.postsLast7Days).toBe(0);
  expect(after?.figures.lastActivityMs).toBe(Date.parse(old.createdAt));
  expect(after?.status).toBe("inactive");
  expect((await lifecycle(stub, { ...thresholds, archiveMs: 8 * DAY_MS }))?.status).toBe("archived");

  await stub.applyPost(post(ALICE, "new", { rev: rev(2) }));
  expect((await lifecycle(stub, { ...thresholds, archiveMs: 8 * DAY_MS }))?.status).toBe("active");
});

it("counts a new community's config as activity, but not a future-dated one", async () => {
  const fresh = freshCommunity();
  await fresh.applyConfig(config({ createdAt: isoDaysAgo(1) }));
  expect((await lifecycle(fresh))?.status).toBe("active");

  const postDated = freshCommunity();
  await postDated.applyConfig(config({ createdAt: new Date(Date.now() + 365 * DAY_MS).toISOString() }));
  expect((await lifecycle(postDated))?.status).toBe("archived");
});

it("answers null without a current config", async () => {
  const empty = freshCommunity();
  expect(await lifecycle(empty)).toBeNull();
  const deleted = await seededCommunity([ALICE]);
  await deleted.remove("config", config().uri, OWNER, rev(2));
  expect(await lifecycle(deleted)).toBeNull();
});
