// The reaction and custom emoji records: schema plus the rules layer (one Unicode emoji or one custom
// emoji reference; raster images within 256 KiB only, never SVG; shortcodes [a-z0-9_]{2,32}).
import { describe, expect, it } from "vitest";
import { validateCommunityEmoji, validateCommunityReaction } from "../src/index.ts";
import { CONFIG_URI, errorFields, MEMBER_DID, POST_URI } from "./fixtures.ts";

const BLOB_CID = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
const EMOJI_URI = `at://${MEMBER_DID}/net.atrarium.community.emoji/3k2akeqpqr22b`;
const image = (mimeType = "image/png", size = 1000) => ({
  $type: "blob",
  ref: { $link: BLOB_CID },
  mimeType,
  size,
});
const emojiRecord = (over: object = {}) => ({
  $type: "net.atrarium.community.emoji",
  shortcode: "party_cat",
  image: image(),
  community: CONFIG_URI,
  createdAt: "2026-01-01T00:00:00.000Z",
  ...over,
});
const reactionRecord = (over: object = {}) => ({
  $type: "net.atrarium.community.reaction",
  subject: { uri: POST_URI, cid: BLOB_CID },
  community: CONFIG_URI,
  emoji: "👍",
  createdAt: "2026-01-01T00:00:00.000Z",
  ...over,
});

describe("validateCommunityEmoji", () => {
  it("accepts PNG, WebP and GIF up to 256 KiB and gives the blob back as JSON", () => {
    expect(validateCommunityEmoji(emojiRecord())).toEqual({ ok: true, value: emojiRecord() });
    for (const mime of ["image/webp", "image/gif"])
      expect(validateCommunityEmoji(emojiRecord({ image: image(mime, 262144) })).ok).toBe(true);
  });

  it.each([
    ["image/svg+xml", 100],
    ["image/jpeg", 100],
    ["text/html", 100],
    ["image/png", 262145],
  ])("refuses an image of %s, %d bytes", (mime, size) => {
    expect(errorFields(validateCommunityEmoji(emojiRecord({ image: image(mime, size) })))).toEqual(["image"]);
  });

  it.each(["a", "Party", "party-cat", "x".repeat(33), "émoji"])("refuses the shortcode %s", (shortcode) => {
    expect(errorFields(validateCommunityEmoji(emojiRecord({ shortcode })))).toContain("shortcode");
  });

  it("refuses an image that is not a blob reference", () => {
    expect(validateCommunityEmoji(emojiRecord({ image: "https://example.com/e.png" })).ok).toBe(false);
  });
});

describe("validateCommunityReaction", () => {
  it.each(["👍", "❤️", "🇯🇵", "👩‍🌾", "1️⃣", "👍🏽"])("accepts the Unicode emoji %s", (emoji) => {
    expect(validateCommunityReaction(reactionRecord({ emoji })).ok).toBe(true);
  });

  it("accepts a custom emoji reference instead", () => {
    const { emoji: _, ...rest } = reactionRecord();
    expect(validateCommunityReaction({ ...rest, customEmoji: EMOJI_URI }).ok).toBe(true);
  });

  it.each(["a", "ab", "👍👍", "👍a", " ", "1"])("refuses %j as an emoji", (emoji) => {
    expect(errorFields(validateCommunityReaction(reactionRecord({ emoji })))).toEqual(["emoji"]);
  });

  it("needs exactly one of emoji and customEmoji", () => {
    expect(errorFields(validateCommunityReaction(reactionRecord({ customEmoji: EMOJI_URI })))).toEqual([
      "emoji",
    ]);
    const { emoji: _, ...none } = reactionRecord();
    expect(errorFields(validateCommunityReaction(none))).toEqual(["emoji"]);
  });

  it("refuses a custom emoji reference to another collection and a subject that is not a post", () => {
    const { emoji: _, ...rest } = reactionRecord();
    expect(errorFields(validateCommunityReaction({ ...rest, customEmoji: POST_URI }))).toEqual([
      "customEmoji",
    ]);
    expect(
      errorFields(validateCommunityReaction(reactionRecord({ subject: { uri: CONFIG_URI, cid: BLOB_CID } }))),
    ).toEqual(["subject.uri"]);
  });
});
