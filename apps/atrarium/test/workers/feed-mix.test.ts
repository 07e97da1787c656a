// feedMix inside workerd: a child community's feed interleaves its own posts, its parent's (drawn from
// the parent's Durable Object, under the parent's moderation) and the global pool's (published by the
// other communities), in the configured shares, behind a cursor that never skips or repeats.
import { describe, expect, it } from "vitest";
import { SHARES_OVER_1000 } from "../support/mix-shares.ts";
import { BOB, MALLORY, moderation, OWNER } from "./community-fixtures.ts";
import { community, pageAll, pool, type TestCommunity } from "./mix-fixtures.ts";

function tally(served: string[], own: TestCommunity, parent: TestCommunity) {
  const ownSet = new Set(own.posts);
  const parentSet = new Set(parent.posts);
  return {
    own: served.filter((u) => ownSet.has(u)).length,
    parent: served.filter((u) => parentSet.has(u)).length,
    global: served.filter((u) => !ownSet.has(u) && !parentSet.has(u)).length,
  };
}

// A parent, its child (owned by the parent's owner) and two other communities in the pool.
async function hierarchy(sizes: { own: number; parent: number; others: number }) {
  const parent = await community({ stage: "community" });
  const child = await community({ parentCommunity: parent.configUri, stage: "theme" });
  await parent.addPosts(sizes.parent);
  await child.addPosts(sizes.own);
  const others = [await community({ stage: "community" }), await community({ stage: "community" })];
  for (const o of others) {
    await o.addPosts(sizes.others);
    await o.stub.publishToPool();
  }
  await parent.stub.publishToPool();
  await child.stub.publishToPool();
  return { parent, child, others };
}

describe("feedMix", () => {
  it("serves 100/0/0, 80/15/5 and 34/33/33 in exact shares over 1,000 posts, each post once", async () => {
    const { parent, child } = await hierarchy({ own: 1000, parent: 400, others: 200 });
    for (const [mix, expected] of SHARES_OVER_1000) {
      await child.configure({ feedMix: mix });
      const served = await pageAll(child, 100, 1000);
      expect(served).toHaveLength(1000);
      expect(new Set(served).size).toBe(1000);
      expect(tally(served, child, parent)).toEqual(expected);
      // Newest first within each source.
      const ownServed = served.filter((u) => child.posts.includes(u));
      expect(ownServed).toEqual(child.posts.slice(0, ownServed.length));
    }
  });

  it("pages without skipping or repeating while new posts arrive in every source", async () => {
    const { parent, child } = await hierarchy({ own: 60, parent: 60, others: 30 });
    await child.configure({ feedMix: { own: 50, parent: 30, global: 20 } });
    const before = new Set([...child.posts, ...parent.posts]);
    const served: string[] = [];
    let cursor: string | undefined;
    // The pool holds the other tests' communities too: page until every source is dry, bounded.
    for (let page = 0; page < 300; page++) {
      const result = await child.stub.feed(OWNER, 25, cursor);
      if (!result.ok) throw new Error(result.error);
      served.push(...result.page.posts.map((p) => p.uri));
      cursor = result.page.cursor;
      // Newer posts land above the reader's position: they must not show up further down.
      await child.addPosts(1);
      await parent.addPosts(1);
      if (!cursor) break;
    }
    expect(cursor).toBeUndefined();
    expect(new Set(served).size).toBe(served.length);
    for (const uri of before) expect(served).toContain(uri);
  });

  it("keeps the parent's moderation: a post its moderators hid stays out of the child's feed", async () => {
    const { parent, child } = await hierarchy({ own: 5, parent: 5, others: 0 });
    await child.configure({ feedMix: { own: 50, parent: 50, global: 0 } });
    const hidden = parent.posts[1] as string;
    await parent.stub.applyModeration(
      moderation(OWNER, `hide-${parent.id}`, "hide_post", hidden, new Date().toISOString()),
    );
    const served = await pageAll(child, 4, 100);
    expect(served).not.toContain(hidden);
    expect(tally(served, child, parent)).toEqual({ own: 5, parent: 4, global: 0 });
  });

  it("a child whose parent is deleted, unknown, itself, or not moderated by the child's owner stands alone", async () => {
    const { parent, child } = await hierarchy({ own: 6, parent: 6, others: 0 });
    await child.configure({ feedMix: { own: 50, parent: 50, global: 0 } });
    expect(tally(await pageAll(child, 5, 100), child, parent)).toEqual({ own: 6, parent: 6, global: 0 });

    await parent.stub.remove("config", parent.configUri, OWNER, "3lzz999999999");
    // The child holds its parent's newest posts for a second (mix/source-window.ts): then they go.
    const started = Date.now();
    let alone = tally(await pageAll(child, 5, 100), child, parent);
    while (alone.parent > 0 && Date.now() - started < 3000) {
      await new Promise((r) => setTimeout(r, 200));
      alone = tally(await pageAll(child, 5, 100), child, parent);
    }
    expect(alone).toEqual({ own: 6, parent: 0, global: 0 });

    await child.configure({ parentCommunity: `at://${OWNER}/net.atrarium.community.config/nowhere1` });
    expect(await pageAll(child, 5, 100)).toEqual(child.posts);
    await child.configure({ parentCommunity: child.configUri });
    expect(await pageAll(child, 5, 100)).toEqual(child.posts);

    const other = await community({ stage: "community" });
    await other.addPosts(3);
    const stranger = await community(
      { owner: MALLORY, parentCommunity: other.configUri, feedMix: { own: 50, parent: 50, global: 0 } },
      [BOB],
    );
    await stranger.addPosts(4, { author: BOB });
    expect(await pageAll(stranger, 10, 100)).toEqual(stranger.posts);
  });

  it("a graduated community no longer draws on its parent", async () => {
    const { parent, child } = await hierarchy({ own: 4, parent: 4, others: 0 });
    await child.configure({ feedMix: { own: 50, parent: 50, global: 0 }, stage: "graduated" });
    expect(await pageAll(child, 10, 100)).toEqual(child.posts);
    await child.configure({ stage: "community" });
    expect(tally(await pageAll(child, 10, 100), child, parent)).toEqual({ own: 4, parent: 4, global: 0 });
  });
});

describe("the global pool", () => {
  it("is published after a community's index changes, without its hidden posts, graduated communities first", async () => {
    const graduated = await community({ stage: "graduated" });
    const plain = await community({ stage: "community" });
    const reader = await community({ feedMix: { own: 0, parent: 0, global: 100 } });
    // Older posts in the graduated community still come first.
    const old = await graduated.addPosts(2, { minutesAgo: 60 });
    const recent = await plain.addPosts(2);
    const hidden = recent[0] as string;
    await plain.stub.applyModeration(
      moderation(OWNER, `hide-${plain.id}`, "hide_post", hidden, new Date().toISOString()),
    );
    // The publish follows the writes by a short delay; wait for it, bounded.
    const exclude = [reader.id];
    let inPool: string[] = [];
    for (let i = 0; i < 50; i++) {
      inPool = (await pool().page(exclude, 1000)).map((p) => p.uri);
      if (
        old.every((u) => inPool.includes(u)) &&
        inPool.includes(recent[1] as string) &&
        !inPool.includes(hidden)
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(inPool).not.toContain(hidden);
    const served = await pageAll(reader, 50, 10_000);
    expect(served.indexOf(old[1] as string)).toBeLessThan(served.indexOf(recent[1] as string));
    expect(served).not.toContain(hidden);
    expect(new Set(served).size).toBe(served.length);

    // A deleted config takes the community out of the pool.
    await graduated.stub.remove("config", graduated.configUri, OWNER, "3lzz999999999");
    await graduated.stub.publishToPool();
    expect((await pool().page(exclude, 10_000)).map((p) => p.uri)).not.toContain(old[0]);
  });
});
