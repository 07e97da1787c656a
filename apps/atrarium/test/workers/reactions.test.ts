// Reactions and custom emoji inside workerd: who counts (members and staff only, once per author,
// post and emoji), which custom emoji are usable (approved by staff, latest decision wins, raster
// images within bounds only), and the ingest path's lexicon checks (no SVG, no oversize image, one
// Unicode emoji or one custom emoji reference).
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ModerationInput } from "../../src/community/community-store.ts";
import type { JetstreamEvent } from "../../src/env.ts";
import { createIngest } from "../../src/ingest/ingest.ts";
import type { EmojiInput, ReactionInput } from "../../src/reactions/reaction-store.ts";
import { durableObjectStubs } from "../../src/stubs.ts";
import {
  ALICE,
  BOB,
  type freshCommunity,
  MALLORY,
  MODERATOR,
  membership,
  moderation,
  OWNER,
  post,
  rev,
  seededCommunity,
} from "./community-fixtures.ts";

type Stub = ReturnType<typeof freshCommunity>;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const BLOB_CID = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";

function reaction(
  author: string,
  rkey: string,
  postUri: string,
  emojiKey: string,
  over: Partial<ReactionInput> = {},
): ReactionInput {
  return {
    uri: `at://${author}/net.atrarium.community.reaction/${rkey}`,
    author,
    rev: rev(1),
    cid: `bafy-r-${rkey}`,
    postUri,
    postCid: "bafy-post",
    emojiKey,
    createdAt: minutesAgo(1),
    ...over,
  };
}

function emoji(author: string, rkey: string, over: Partial<EmojiInput> = {}): EmojiInput {
  return {
    uri: `at://${author}/net.atrarium.community.emoji/${rkey}`,
    author,
    rev: rev(1),
    shortcode: "party_cat",
    blobCid: BLOB_CID,
    mime: "image/png",
    size: 1024,
    createdAt: minutesAgo(5),
    ...over,
  };
}

// An emoji decision (the fixture's moderation() knows the post and user actions only).
const decide = (
  author: string,
  rkey: string,
  action: "approve_emoji" | "reject_emoji",
  target: string,
  createdAt: string,
): ModerationInput => ({ ...moderation(author, rkey, "hide_post", target, createdAt), action });

async function reactions(stub: Stub, postUri: string, viewer: string | null = null) {
  const reply = await stub.read({ kind: "reactions", posts: [postUri], viewer });
  if (!reply.ok) throw new Error(reply.error);
  const { reactionsByPost } = reply.answer as {
    reactionsByPost: { uri: string; reactions: unknown[] }[];
  };
  const found = reactionsByPost.find((p) => p.uri === postUri)?.reactions ?? [];
  return found as { emoji: string; count: number; viewer: boolean; customEmoji?: { uri: string } }[];
}

async function emojiList(stub: Stub, status: "approved" | "pending") {
  const reply = await stub.read({ kind: "emoji", status });
  if (!reply.ok) throw new Error(reply.error);
  return (reply.answer as { emoji: { uri: string }[] }).emoji.map((e) => e.uri);
}

describe("reaction counts", () => {
  it("counts members and staff, not non-members, and marks the viewer's own", async () => {
    const stub = await seededCommunity([ALICE]);
    const target = post(ALICE, "a1");
    await stub.applyPost(target);
    await stub.applyReaction(reaction(ALICE, "r1", target.uri, "👍"));
    await stub.applyReaction(reaction(OWNER, "r2", target.uri, "👍"));
    await stub.applyReaction(reaction(MODERATOR, "r3", target.uri, "🎉"));
    await stub.applyReaction(reaction(MALLORY, "r4", target.uri, "👍"));
    await stub.applyReaction(reaction(MALLORY, "r5", target.uri, "🔥"));
    expect(await reactions(stub, target.uri, ALICE)).toEqual([
      { emoji: "👍", count: 2, viewer: true },
      { emoji: "🎉", count: 1, viewer: false },
    ]);
    expect(await reactions(stub, target.uri, MALLORY)).toEqual([
      { emoji: "👍", count: 2, viewer: false },
      { emoji: "🎉", count: 1, viewer: false },
    ]);
    // Mallory joins: her reactions count from then on (read time), and leave again with her.
    await stub.applyMembership(membership(MALLORY));
    expect(await reactions(stub, target.uri)).toEqual([
      { emoji: "👍", count: 3, viewer: false },
      { emoji: "🎉", count: 1, viewer: false },
      { emoji: "🔥", count: 1, viewer: false },
    ]);
    await stub.applyMembership(membership(MALLORY, { rev: rev(2), active: false }));
    expect((await reactions(stub, target.uri)).map((r) => r.count)).toEqual([2, 1]);
  });

  it("counts one reaction per author, post and emoji; a delete removes it", async () => {
    const stub = await seededCommunity([ALICE, BOB]);
    const target = post(ALICE, "a1");
    await stub.applyPost(target);
    await stub.applyReaction(reaction(BOB, "r1", target.uri, "❤️"));
    await stub.applyReaction(reaction(BOB, "r2", target.uri, "❤️"));
    await stub.applyReaction(reaction(ALICE, "r3", target.uri, "❤️"));
    expect(await reactions(stub, target.uri, BOB)).toEqual([{ emoji: "❤️", count: 2, viewer: true }]);

    await stub.remove("reaction", reaction(BOB, "r1", target.uri, "❤️").uri, BOB, rev(2));
    expect(await reactions(stub, target.uri, BOB)).toEqual([{ emoji: "❤️", count: 2, viewer: true }]);
    await stub.remove("reaction", reaction(BOB, "r2", target.uri, "❤️").uri, BOB, rev(2));
    expect(await reactions(stub, target.uri, BOB)).toEqual([{ emoji: "❤️", count: 1, viewer: false }]);
    // An older replay of the deleted record does not bring it back.
    await stub.applyReaction(reaction(BOB, "r2", target.uri, "❤️"));
    expect(await reactions(stub, target.uri, BOB)).toEqual([{ emoji: "❤️", count: 1, viewer: false }]);
  });

  it("counts nothing on a hidden post, a post outside the community or from a blocked member", async () => {
    const stub = await seededCommunity([ALICE, BOB]);
    const shown = post(ALICE, "a1");
    const hidden = post(ALICE, "a2");
    await stub.applyPost(shown);
    await stub.applyPost(hidden);
    await stub.applyModeration(moderation(MODERATOR, "h1", "hide_post", hidden.uri, minutesAgo(2)));
    const elsewhere = `at://${ALICE}/app.bsky.feed.post/unindexed`;
    for (const [i, uri] of [shown.uri, hidden.uri, elsewhere].entries())
      await stub.applyReaction(reaction(BOB, `r${i}`, uri, "👀"));
    expect(await reactions(stub, shown.uri)).toEqual([{ emoji: "👀", count: 1, viewer: false }]);
    expect(await reactions(stub, hidden.uri)).toEqual([]);
    expect(await reactions(stub, elsewhere)).toEqual([]);

    await stub.applyModeration(moderation(OWNER, "b1", "block_user", BOB, minutesAgo(1)));
    expect(await reactions(stub, shown.uri)).toEqual([]);
  });

  it("shows the counts in the feed preview, with the viewer's flag", async () => {
    const stub = await seededCommunity([ALICE]);
    const target = post(ALICE, "a1");
    await stub.applyPost(target);
    await stub.applyReaction(reaction(ALICE, "r1", target.uri, "🌱"));
    const reply = await stub.read({ kind: "preview", limit: 10, viewer: ALICE });
    if (!reply.ok) throw new Error(reply.error);
    const page = reply.answer as { posts: { uri: string; reactions?: unknown }[] };
    expect(page.posts).toMatchObject([
      { uri: target.uri, reactions: [{ emoji: "🌱", count: 1, viewer: true }] },
    ]);
    const anonymous = await stub.read({ kind: "preview", limit: 10 });
    if (!anonymous.ok) throw new Error(anonymous.error);
    expect((anonymous.answer as typeof page).posts[0]?.reactions).toEqual([
      { emoji: "🌱", count: 1, viewer: false },
    ]);
  });
});

describe("custom emoji", () => {
  it("count only once staff approved them; a non-moderator's approval is ignored; the latest decision wins", async () => {
    const stub = await seededCommunity([ALICE, BOB, MALLORY]);
    const target = post(ALICE, "a1");
    await stub.applyPost(target);
    const party = emoji(BOB, "e1");
    await stub.applyEmoji(party);
    await stub.applyReaction(reaction(ALICE, "r1", target.uri, party.uri));
    expect(await reactions(stub, target.uri)).toEqual([]);
    expect(await emojiList(stub, "pending")).toEqual([party.uri]);
    expect(await emojiList(stub, "approved")).toEqual([]);

    // Mallory is a member, not staff: her approval counts for nothing.
    await stub.applyModeration(decide(MALLORY, "x1", "approve_emoji", party.uri, minutesAgo(4)));
    expect(await reactions(stub, target.uri)).toEqual([]);
    expect(await emojiList(stub, "approved")).toEqual([]);

    await stub.applyModeration(decide(MODERATOR, "m1", "approve_emoji", party.uri, minutesAgo(3)));
    expect(await reactions(stub, target.uri, ALICE)).toEqual([
      {
        emoji: ":party_cat:",
        count: 1,
        viewer: true,
        customEmoji: {
          uri: party.uri,
          shortcode: "party_cat",
          author: BOB,
          cid: BLOB_CID,
          mimeType: "image/png",
          size: 1024,
          status: "approved",
          createdAt: party.createdAt,
        },
      },
    ]);
    expect(await emojiList(stub, "approved")).toEqual([party.uri]);
    expect(await emojiList(stub, "pending")).toEqual([]);

    // Rejected later: no longer usable, its reactions stop counting; neither listed as approved nor pending.
    await stub.applyModeration(decide(OWNER, "o1", "reject_emoji", party.uri, minutesAgo(2)));
    expect(await reactions(stub, target.uri)).toEqual([]);
    expect(await emojiList(stub, "approved")).toEqual([]);
    expect(await emojiList(stub, "pending")).toEqual([]);
    // An approval older than the rejection changes nothing.
    await stub.applyModeration(decide(MODERATOR, "m2", "approve_emoji", party.uri, minutesAgo(10)));
    expect(await reactions(stub, target.uri)).toEqual([]);
  });

  it("an approved emoji whose image is swapped is pending again until staff approve the new one", async () => {
    const stub = await seededCommunity([ALICE, BOB]);
    const target = post(ALICE, "a1");
    await stub.applyPost(target);
    const party = emoji(BOB, "e1");
    await stub.applyEmoji(party);
    await stub.applyModeration(decide(OWNER, "o1", "approve_emoji", party.uri, minutesAgo(2)));
    await stub.applyReaction(reaction(ALICE, "r1", target.uri, party.uri));
    expect((await reactions(stub, target.uri)).map((r) => r.count)).toEqual([1]);
    // An edit keeping the image (a new rev, same blob and shortcode) keeps the approval.
    await stub.applyEmoji({ ...party, rev: rev(2) });
    expect(await emojiList(stub, "approved")).toEqual([party.uri]);

    const swapped = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    await stub.applyEmoji({ ...party, rev: rev(3), blobCid: swapped });
    expect(await reactions(stub, target.uri)).toEqual([]);
    expect(await emojiList(stub, "approved")).toEqual([]);
    expect(await emojiList(stub, "pending")).toEqual([party.uri]);
    await stub.applyModeration(decide(OWNER, "o2", "approve_emoji", party.uri, new Date().toISOString()));
    expect((await reactions(stub, target.uri)).map((r) => r.count)).toEqual([1]);
  });

  it("an approved emoji whose image is SVG or too large is never usable nor listed", async () => {
    const stub = await seededCommunity([ALICE, BOB]);
    const target = post(ALICE, "a1");
    await stub.applyPost(target);
    const svg = emoji(BOB, "e1", { shortcode: "svg", mime: "image/svg+xml" });
    const huge = emoji(BOB, "e2", { shortcode: "huge", size: 256 * 1024 + 1 });
    for (const [i, e] of [svg, huge].entries()) {
      await stub.applyEmoji(e);
      await stub.applyModeration(decide(OWNER, `o${i}`, "approve_emoji", e.uri, minutesAgo(2)));
      await stub.applyReaction(reaction(ALICE, `r${i}`, target.uri, e.uri));
    }
    expect(await reactions(stub, target.uri)).toEqual([]);
    expect(await emojiList(stub, "approved")).toEqual([]);
    expect(await emojiList(stub, "pending")).toEqual([]);
  });

  it("lists pending emoji of members and staff only", async () => {
    const stub = await seededCommunity([ALICE]);
    await stub.applyEmoji(emoji(ALICE, "e1", { createdAt: minutesAgo(3) }));
    await stub.applyEmoji(emoji(MALLORY, "e2", { createdAt: minutesAgo(2) }));
    await stub.applyEmoji(emoji(MODERATOR, "e3", { createdAt: minutesAgo(1) }));
    expect(await emojiList(stub, "pending")).toEqual([emoji(MODERATOR, "e3").uri, emoji(ALICE, "e1").uri]);
  });
});

describe("ingest of reaction and emoji records", () => {
  const stubs = durableObjectStubs(env);
  const ingest = createIngest({ stubs, communities: { forget: () => {} } });
  const id = "5eac7100";
  const configKey = "3lzzreacta222";
  const configUri = `at://${OWNER}/net.atrarium.community.config/${configKey}`;
  let t = 1_710_000_000_000_000;
  const event = (did: string, collection: string, rkey: string, record?: object): JetstreamEvent => {
    t++;
    return {
      did,
      time_us: t,
      kind: "commit",
      commit: record
        ? { rev: `3lzz${t}`, operation: "create", collection, rkey, cid: `bafy${t}`, record }
        : { rev: `3lzz${t}`, operation: "delete", collection, rkey },
    } as JetstreamEvent;
  };
  const image = (mimeType: string, size: number) => ({
    $type: "blob",
    ref: { $link: BLOB_CID },
    mimeType,
    size,
  });
  const emojiRecord = (shortcode: string, img: object) => ({
    $type: "net.atrarium.community.emoji",
    shortcode,
    image: img,
    community: configUri,
    createdAt: minutesAgo(5),
  });
  const reactionRecord = (postUri: string, emojiFields: object) => ({
    $type: "net.atrarium.community.reaction",
    subject: { uri: postUri, cid: BLOB_CID },
    community: configUri,
    ...emojiFields,
    createdAt: minutesAgo(1),
  });

  it("refuses SVG and oversize emoji and malformed reactions; a valid reaction counts until deleted", async () => {
    expect(
      await ingest.applyEvent(
        event(OWNER, "net.atrarium.community.config", configKey, {
          $type: "net.atrarium.community.config",
          name: "Reactions",
          hashtag: `#atrarium_${id}`,
          stage: "theme",
          feedMix: { own: 100, parent: 0, global: 0 },
          moderators: [],
          createdAt: minutesAgo(10),
        }),
      ),
    ).toBe("applied");
    const stub = stubs.community(id);
    await stub.applyMembership({
      ...membership(ALICE),
      uri: `at://${ALICE}/net.atrarium.community.membership/${id}`,
    });
    const target = post(ALICE, "a1", { text: `hi #atrarium_${id}` });
    await stub.applyPost(target);

    const emojiNsid = "net.atrarium.community.emoji";
    expect(
      await ingest.applyEvent(event(ALICE, emojiNsid, "e1", emojiRecord("svg", image("image/svg+xml", 100)))),
    ).toBe("invalid");
    expect(
      await ingest.applyEvent(event(ALICE, emojiNsid, "e2", emojiRecord("big", image("image/png", 262145)))),
    ).toBe("invalid");
    expect(
      await ingest.applyEvent(event(ALICE, emojiNsid, "e3", emojiRecord("Bad-Code", image("image/png", 10)))),
    ).toBe("invalid");
    expect(
      await ingest.applyEvent(
        event(ALICE, emojiNsid, "e4", emojiRecord("ok_gif", image("image/gif", 262144))),
      ),
    ).toBe("applied");
    expect(await emojiList(stub, "pending")).toEqual([`at://${ALICE}/${emojiNsid}/e4`]);

    const reactionNsid = "net.atrarium.community.reaction";
    const customUri = `at://${ALICE}/${emojiNsid}/e4`;
    for (const fields of [
      { emoji: "ab" },
      { emoji: "👍👍" },
      {},
      { emoji: "👍", customEmoji: customUri },
      { customEmoji: target.uri },
    ])
      expect(
        await ingest.applyEvent(event(ALICE, reactionNsid, "bad", reactionRecord(target.uri, fields))),
      ).toBe("invalid");
    expect(
      await ingest.applyEvent(event(ALICE, reactionNsid, "r1", reactionRecord(target.uri, { emoji: "🇯🇵" }))),
    ).toBe("applied");
    expect(
      await ingest.applyEvent(
        event(ALICE, reactionNsid, "r2", reactionRecord(target.uri, { emoji: "👩‍🌾" })),
      ),
    ).toBe("applied");
    expect(await reactions(stub, target.uri)).toEqual(
      [
        { emoji: "👩‍🌾", count: 1, viewer: false },
        { emoji: "🇯🇵", count: 1, viewer: false },
      ].sort((a, b) => (a.emoji < b.emoji ? -1 : 1)),
    );

    expect(await ingest.applyEvent(event(ALICE, reactionNsid, "r1"))).toBe("applied");
    expect(await reactions(stub, target.uri)).toEqual([{ emoji: "👩‍🌾", count: 1, viewer: false }]);
  });
});
