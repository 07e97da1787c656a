// The CommunityFeed read side inside workerd: who shows in the feed (decided at read time, so the
// order moderation events arrive in never matters) and paging by cursor.
import { describe, expect, it } from "vitest";
import {
  ALICE,
  BOB,
  config,
  feedUris,
  freshCommunity,
  isoDaysAgo,
  MALLORY,
  MODERATOR,
  membership,
  moderation,
  OWNER,
  post,
  rev,
  seededCommunity,
} from "./community-fixtures.ts";

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

describe("visibility", () => {
  it("shows staff and active members; a non-member's post appears once they join", async () => {
    const stub = await seededCommunity([ALICE]);
    await stub.applyPost(post(OWNER, "o1", { createdAt: minutesAgo(4) }));
    await stub.applyPost(post(MODERATOR, "m1", { createdAt: minutesAgo(3) }));
    await stub.applyPost(post(ALICE, "a1", { createdAt: minutesAgo(2) }));
    await stub.applyPost(post(BOB, "b1", { createdAt: minutesAgo(1) }));
    expect(await feedUris(stub)).toEqual([
      post(ALICE, "a1").uri,
      post(MODERATOR, "m1").uri,
      post(OWNER, "o1").uri,
    ]);

    await stub.applyMembership(membership(BOB));
    expect((await feedUris(stub))[0]).toBe(post(BOB, "b1").uri);
  });

  it("a moderator dropped from the config loses both staff posts and the power to hide", async () => {
    const stub = await seededCommunity([ALICE]);
    const target = post(ALICE, "a1");
    await stub.applyPost(target);
    await stub.applyPost(post(MODERATOR, "m1"));
    await stub.applyModeration(moderation(MODERATOR, "h1", "hide_post", target.uri, minutesAgo(1)));
    expect(await feedUris(stub)).toEqual([post(MODERATOR, "m1").uri]);

    await stub.applyConfig(config({ rev: rev(2), moderators: [] }));
    expect(await feedUris(stub)).toEqual([target.uri]);
  });

  it("ignores moderation actions written by anyone who is not staff", async () => {
    const stub = await seededCommunity([ALICE, MALLORY]);
    const target = post(ALICE, "a1");
    await stub.applyPost(target);
    await stub.applyModeration(moderation(MALLORY, "x1", "hide_post", target.uri, minutesAgo(1)));
    await stub.applyModeration(moderation(MALLORY, "x2", "block_user", ALICE, minutesAgo(1)));
    expect(await feedUris(stub)).toEqual([target.uri]);
  });

  it("per target the latest action by createdAt wins, whatever order the events arrived in", async () => {
    const hideThenUnhide = await seededCommunity();
    const unhideThenHide = await seededCommunity();
    const target = post(ALICE, "a1");
    const hide = moderation(MODERATOR, "h1", "hide_post", target.uri, minutesAgo(10));
    const unhide = moderation(OWNER, "u1", "unhide_post", target.uri, minutesAgo(5));
    for (const stub of [hideThenUnhide, unhideThenHide]) await stub.applyPost(target);
    await hideThenUnhide.applyModeration(hide);
    await hideThenUnhide.applyModeration(unhide);
    await unhideThenHide.applyModeration(unhide);
    await unhideThenHide.applyModeration(hide);
    expect(await feedUris(hideThenUnhide)).toEqual([target.uri]);
    expect(await feedUris(unhideThenHide)).toEqual([target.uri]);

    // A newer hide wins again.
    await unhideThenHide.applyModeration(moderation(MODERATOR, "h2", "hide_post", target.uri, minutesAgo(1)));
    expect(await feedUris(unhideThenHide)).toEqual([]);
  });

  it("blocking a user hides all their posts, including ones stored before the block; unblock restores", async () => {
    const stub = await seededCommunity([ALICE, BOB]);
    await stub.applyPost(post(ALICE, "a1"));
    await stub.applyPost(post(ALICE, "a2"));
    await stub.applyPost(post(BOB, "b1"));
    await stub.applyModeration(moderation(OWNER, "blk", "block_user", ALICE, minutesAgo(2)));
    await stub.applyPost(post(ALICE, "a3"));
    expect(await feedUris(stub)).toEqual([post(BOB, "b1").uri]);

    await stub.applyModeration(moderation(OWNER, "unblk", "unblock_user", ALICE, minutesAgo(1)));
    expect(await feedUris(stub)).toHaveLength(4);
  });
});

describe("feed", () => {
  it("answers UnknownFeed without a config, for another owner, and InvalidCursor for a bad cursor", async () => {
    const empty = freshCommunity();
    expect(await empty.feed(OWNER, 10)).toEqual({ ok: false, error: "UnknownFeed" });
    const stub = await seededCommunity();
    expect(await stub.feed(ALICE, 10)).toEqual({ ok: false, error: "UnknownFeed" });
    expect(await stub.feed(OWNER, 10, "not-a-cursor")).toEqual({ ok: false, error: "InvalidCursor" });
    expect(await stub.feed(OWNER, 10, btoa("12::https://x"))).toEqual({ ok: false, error: "InvalidCursor" });
  });

  it("pages newest first without skipping or repeating, even while new posts arrive", async () => {
    const stub = await seededCommunity([ALICE, BOB]);
    // Two posts share a sort time: the uri breaks the tie.
    const sameTime = minutesAgo(30);
    const posts = [
      post(ALICE, "p1", { createdAt: minutesAgo(50) }),
      post(BOB, "p2", { createdAt: minutesAgo(40) }),
      post(ALICE, "p3", { createdAt: sameTime }),
      post(BOB, "p3", { createdAt: sameTime }),
      post(ALICE, "p5", { createdAt: minutesAgo(20) }),
    ];
    await stub.applyPostOps(posts, []);

    const seen: string[] = [];
    let cursor: string | undefined;
    const pageSizes: number[] = [];
    for (let page = 0; page < 5; page++) {
      const result = await stub.feed(OWNER, 2, cursor);
      if (!result.ok) throw new Error(result.error);
      pageSizes.push(result.page.posts.length);
      seen.push(...result.page.posts.map((p) => p.uri));
      if (page === 0) await stub.applyPost(post(ALICE, "new", { createdAt: minutesAgo(0) }));
      cursor = result.page.cursor;
      if (!cursor) break;
    }
    expect(pageSizes).toEqual([2, 2, 1]);
    expect(seen).toEqual([
      posts[4].uri,
      posts[3].uri, // bob's uri sorts after alice's, so it comes first at the same time
      posts[2].uri,
      posts[1].uri,
      posts[0].uri,
    ]);
    expect(await feedUris(stub, 1)).toEqual([post(ALICE, "new").uri]);
  });

  it("feed pages carry the post fields and a tombstoned post drops out of later pages", async () => {
    const stub = await seededCommunity();
    const older = post(ALICE, "older", { createdAt: isoDaysAgo(1), text: "hello #atrarium_gardeners" });
    const newer = post(ALICE, "newer", { createdAt: minutesAgo(1) });
    await stub.applyPost(older);
    await stub.applyPost(newer);
    const first = await stub.feed(OWNER, 1);
    if (!first.ok) throw new Error(first.error);
    expect(first.page.posts).toEqual([
      expect.objectContaining({ uri: newer.uri, cid: newer.cid, author: ALICE, text: newer.text }),
    ]);
    await stub.remove("post", older.uri, ALICE, rev(2));
    const second = await stub.feed(OWNER, 1, first.page.cursor);
    expect(second).toEqual({ ok: true, page: { posts: [], cursor: undefined } });
  });
});
