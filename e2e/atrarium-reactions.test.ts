// Reactions and custom emoji (issue 22) through the real Worker's write routes on the shared devnet:
// alice owns a community, bob is a member, carol is not. Bob's reaction counts (once, however often he
// asks), carol may not react, the feed preview shows the counts with the viewer's own flagged, and
// unreact deletes the record from bob's repo. Bob proposes a custom emoji from a PNG he uploaded to his
// own PDS (an SVG is refused); it is usable only once alice, not bob, approves it.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Caller, expectOk, signedInCallers, type WorkerCalls } from "./support/worker-calls.ts";

const devnet = inject("devnet");
// A 1x1 transparent PNG.
const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="),
  (c) => c.charCodeAt(0),
);
const SVG = new TextEncoder().encode(
  '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
);

let browser: Browser;
let api: WorkerCalls;
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

interface Reaction {
  emoji: string;
  count: number;
  viewer: boolean;
  customEmoji?: Record<string, unknown>;
}

describe("reactions and custom emoji through the write routes", { timeout: 60_000 }, () => {
  let id: string;
  let post: { uri: string; cid: string };
  let emojiUri: string;
  const previewReactions = async (who?: Caller): Promise<Reaction[]> => {
    const path = `/api/communities/${id}/feed`;
    const body = expectOk(who ? await api.rest(who, "GET", path) : await api.read(path));
    const posts = body.posts as { uri: string; reactions?: Reaction[] }[];
    return posts.find((p) => p.uri === post.uri)?.reactions ?? [];
  };
  const react = (who: Caller, fields: Record<string, unknown>) =>
    api.rest(who, "POST", "/api/reactions", { community: id, uri: post.uri, cid: post.cid, ...fields });
  const upload = async (who: Caller, bytes: Uint8Array, encoding: string) =>
    (await who.account.agent.com.atproto.repo.uploadBlob(bytes, { encoding })).data.blob.toJSON();

  it("alice creates a community, bob joins and posts", async () => {
    id = String(expectOk(await api.rest(alice, "POST", "/api/communities", { name: "Reacting Garden" })).id);
    expectOk(await api.rest(bob, "POST", "/api/memberships", { community: id }));
    const posted = await bob.account.agent.post({ text: `Look at this #atrarium_${id}` });
    post = { uri: posted.uri, cid: posted.cid };
    expectOk(await api.xrpc(bob, "net.atrarium.sync.indexRecord", { uri: post.uri, community: id }));
    expect(await previewReactions()).toEqual([]);
  });

  it("bob reacts once however often he asks; carol, not a member, may not", async () => {
    const first = expectOk(await react(bob, { emoji: "👍" }));
    expect(first).toMatchObject({ created: true });
    expect(String(first.uri)).toMatch(
      new RegExp(`^at://${bob.account.did}/net.atrarium.community.reaction/`),
    );
    expect(await api.recordAt(String(first.uri))).toMatchObject({
      subject: post,
      emoji: "👍",
    });
    const again = expectOk(await react(bob, { emoji: "👍" }));
    expect(again).toMatchObject({ uri: first.uri, created: false });

    const refused = await react(carol, { emoji: "👍" });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe("NotMember");
    expect((await react(bob, { emoji: "abc" })).status).toBe(400);

    expectOk(await react(alice, { emoji: "👍" }));
    expect(await previewReactions(bob)).toEqual([{ emoji: "👍", count: 2, viewer: true }]);
    expect(await previewReactions(carol)).toEqual([{ emoji: "👍", count: 2, viewer: false }]);
    expect(await previewReactions()).toEqual([{ emoji: "👍", count: 2, viewer: false }]);
    const one = expectOk(
      await api.read(`/api/communities/${id}/reactions?uri=${encodeURIComponent(post.uri)}`),
    );
    expect(one.reactions).toEqual([{ emoji: "👍", count: 2, viewer: false }]);
  });

  it("unreact deletes bob's record", async () => {
    const body = expectOk(
      await api.rest(bob, "POST", "/api/reactions/delete", { community: id, uri: post.uri, emoji: "👍" }),
    );
    expect(body.deleted).toBe(1);
    expect(await previewReactions(bob)).toEqual([{ emoji: "👍", count: 1, viewer: false }]);
    const gone = await bob.account.agent.com.atproto.repo
      .listRecords({ repo: bob.account.did, collection: "net.atrarium.community.reaction" })
      .then((r) => r.data.records);
    expect(gone).toEqual([]);
  });

  it("bob proposes a PNG emoji (an SVG is refused); only staff see and decide pending ones", async () => {
    const svg = await api.rest(bob, "POST", "/api/emoji", {
      community: id,
      shortcode: "evil",
      image: await upload(bob, SVG, "image/svg+xml"),
    });
    expect(svg.status, JSON.stringify(svg.body)).toBe(400);
    expect(String(svg.body.message)).toMatch(/^image: /);

    const proposed = expectOk(
      await api.rest(bob, "POST", "/api/emoji", {
        community: id,
        shortcode: "sprout",
        image: await upload(bob, PNG, "image/png"),
      }),
    );
    emojiUri = String(proposed.uri);
    expect(await api.recordAt(emojiUri)).toMatchObject({
      shortcode: "sprout",
      image: { mimeType: "image/png" },
    });

    expect((await api.rest(bob, "GET", `/api/communities/${id}/emoji?status=pending`)).status).toBe(403);
    const pending = expectOk(await api.rest(alice, "GET", `/api/communities/${id}/emoji?status=pending`));
    expect(pending.emoji).toMatchObject([
      { uri: emojiUri, shortcode: "sprout", author: bob.account.did, status: "pending" },
    ]);
    expect(expectOk(await api.read(`/api/communities/${id}/emoji`)).emoji).toEqual([]);

    const unapproved = await react(bob, { customEmoji: emojiUri });
    expect(unapproved.status).toBe(400);
    expect(unapproved.body.error).toBe("EmojiNotApproved");
    expect(
      (await api.rest(bob, "POST", "/api/moderation/emoji/approve", { community: id, uri: emojiUri })).status,
    ).toBe(403);
  });

  it("alice approves it; bob reacts with it and the preview draws it from his PDS", async () => {
    const approved = expectOk(
      await api.rest(alice, "POST", "/api/moderation/emoji/approve", { community: id, uri: emojiUri }),
    );
    expect(approved.action).toBe("approve_emoji");
    const list = expectOk(await api.read(`/api/communities/${id}/emoji`)).emoji as Record<string, string>[];
    expect(list).toMatchObject([{ uri: emojiUri, status: "approved", mimeType: "image/png" }]);

    expectOk(await react(bob, { customEmoji: emojiUri }));
    const reactions = await previewReactions(bob);
    expect(reactions).toContainEqual({
      emoji: ":sprout:",
      count: 1,
      viewer: true,
      customEmoji: expect.objectContaining({ uri: emojiUri, author: bob.account.did }),
    });
    const cid = String(list[0]?.cid);
    const blob = await fetch(
      `${devnet.pdsUrl}/xrpc/com.atproto.sync.getBlob?${new URLSearchParams({ did: bob.account.did, cid })}`,
    );
    expect(blob.status).toBe(200);
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(PNG);

    // A rejection later withdraws it: bob's reaction stops counting.
    expectOk(await api.rest(alice, "POST", "/api/moderation/emoji/reject", { community: id, uri: emojiUri }));
    expect((await previewReactions(bob)).map((r) => r.emoji)).toEqual(["👍"]);
  });
});
