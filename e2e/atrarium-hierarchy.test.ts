// Community hierarchy and the feed mix through the Worker's routes (issue 21), against the shared
// devnet: a moderator of a community starts a theme inside it, someone else may not; the hierarchy
// API shows the link both ways; the theme's feed mixes its own posts with its parent's; its owner
// changes the mix and graduates it through net.atrarium.community.update (a config rewrite in their
// own repo), and nobody else can.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Caller, expectOk, signedInCallers, type WorkerCalls } from "./support/worker-calls.ts";

const devnet = inject("devnet");

let browser: Browser;
let api: WorkerCalls;
// Owns the parent; carol moderates it; bob is a member of both.
let alice: Caller;
let bob: Caller;
let carol: Caller;

beforeAll(async () => {
  const stack = await signedInCallers(devnet, 3);
  browser = stack.browser;
  api = stack.api;
  [alice, bob, carol] = stack.callers as [Caller, Caller, Caller];
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe("community hierarchy and feed mix", { timeout: 60_000 }, () => {
  let parent: { id: string; uri: string; hashtag: string };
  let theme: { id: string; uri: string; hashtag: string };
  let parentPost: string;
  let themePost: string;

  const skeleton = async (owner: Caller, id: string) => {
    const feed = `at://${owner.account.did}/app.bsky.feed.generator/${id}`;
    const body = expectOk(
      await api.read(`/xrpc/app.bsky.feed.getFeedSkeleton?limit=100&feed=${encodeURIComponent(feed)}`),
    );
    return (body.feed as { post: string }[]).map((p) => p.post);
  };
  const hierarchy = async (id: string) => expectOk(await api.read(`/api/communities/${id}/hierarchy`));
  const ids = (views: unknown) => (views as { id: string }[]).map((v) => v.id);
  const created = (body: Record<string, unknown>) => ({
    id: String(body.id),
    uri: String(body.uri),
    hashtag: String(body.hashtag),
  });
  const postIn = async (who: Caller, community: { id: string; hashtag: string }, text: string) => {
    const { uri } = await who.account.agent.post({ text: `${text} ${community.hashtag}` });
    expectOk(await api.xrpc(who, "net.atrarium.sync.indexRecord", { uri, community: community.id }));
    return uri;
  };

  it("a moderator of a community starts a theme inside it; a non-moderator may not", async () => {
    parent = created(
      expectOk(
        await api.rest(alice, "POST", "/api/communities", {
          name: "Hierarchy Parent",
          moderators: [carol.account.did],
        }),
      ),
    );
    const refused = await api.rest(bob, "POST", "/api/communities", {
      name: "Rogue theme",
      parent: parent.id,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe("NotParentModerator");

    theme = created(
      expectOk(
        await api.rest(carol, "POST", "/api/communities", { name: "Hierarchy Theme", parent: parent.id }),
      ),
    );
    expect(await api.recordAt(theme.uri)).toMatchObject({
      stage: "theme",
      parentCommunity: parent.uri,
      feedMix: { own: 80, parent: 15, global: 5 },
    });
  });

  it("shows the link both ways in getHierarchy", async () => {
    const up = await hierarchy(theme.id);
    expect(up.parentStatus).toBe("linked");
    expect(ids(up.ancestors)).toEqual([parent.id]);
    const down = await hierarchy(parent.id);
    expect(down.parentStatus).toBe("none");
    expect(ids(down.children)).toEqual([theme.id]);
    const viaXrpc = expectOk(
      await api.read(`/xrpc/net.atrarium.community.getHierarchy?community=${theme.id}`),
    );
    expect(viaXrpc.parentStatus).toBe("linked");
  });

  it("mixes the parent's posts into the theme's feed", async () => {
    for (const c of [parent, theme])
      expectOk(await api.rest(bob, "POST", "/api/memberships", { community: c.id }));
    parentPost = await postIn(bob, parent, "In the parent");
    themePost = await postIn(bob, theme, "In the theme");
    const feed = await skeleton(carol, theme.id);
    expect(feed).toContain(themePost);
    expect(feed).toContain(parentPost);
    // The parent's own feed has no parent to draw from.
    expect(await skeleton(alice, parent.id)).not.toContain(themePost);
  });

  it("lets the owner change the mix in their own repo, and only the owner", async () => {
    const notOwner = await api.rest(alice, "POST", `/api/communities/${theme.id}/config`, {
      feedMix: { own: 100, parent: 0, global: 0 },
    });
    expect(notOwner.status).toBe(403);
    expect(notOwner.body.error).toBe("NotOwner");
    const bad = await api.rest(carol, "POST", `/api/communities/${theme.id}/config`, {
      feedMix: { own: 50, parent: 40, global: 0 },
    });
    expect(bad.status).toBe(400);
    expect(String(bad.body.message)).toContain("feedMix");

    const body = expectOk(
      await api.rest(carol, "POST", `/api/communities/${theme.id}/config`, {
        feedMix: { own: 100, parent: 0, global: 0 },
      }),
    );
    expect(body.community).toMatchObject({ id: theme.id, feedMix: { own: 100, parent: 0, global: 0 } });
    expect(await api.recordAt(theme.uri)).toMatchObject({
      name: "Hierarchy Theme",
      parentCommunity: parent.uri,
      feedMix: { own: 100, parent: 0, global: 0 },
    });
    const feed = await skeleton(carol, theme.id);
    expect(feed).toContain(themePost);
    expect(feed).not.toContain(parentPost);
  });

  it("graduating detaches the theme from its parent's feed but keeps its lineage", async () => {
    expectOk(
      await api.xrpc(carol, "net.atrarium.community.update", {
        community: theme.id,
        feedMix: { own: 50, parent: 50, global: 0 },
      }),
    );
    expect(await skeleton(carol, theme.id)).toContain(parentPost);
    expectOk(
      await api.xrpc(carol, "net.atrarium.community.update", { community: theme.id, stage: "graduated" }),
    );
    expect(await skeleton(carol, theme.id)).not.toContain(parentPost);
    const up = await hierarchy(theme.id);
    expect(up.parentStatus).toBe("detached");
    expect(ids(up.ancestors)).toEqual([parent.id]);
  });
});
