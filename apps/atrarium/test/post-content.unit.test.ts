// The post extras kept for the dashboard's rich rendering: facets, embed and reply as the record had
// them, nothing else, bounded in size, and read back safely from a damaged column.
import { describe, expect, it } from "vitest";
import { POST_CONTENT_MAX_BYTES, parsePostContent, postContentOf } from "../src/community/post-content.ts";

const image = {
  $type: "app.bsky.embed.images",
  images: [
    {
      alt: "a red apple",
      image: { $type: "blob", ref: { $link: "bafkreiabc" }, mimeType: "image/png", size: 120 },
    },
  ],
};
const facet = {
  index: { byteStart: 0, byteEnd: 5 },
  features: [{ $type: "app.bsky.richtext.facet#link", uri: "https://example.com" }],
};
const reply = {
  root: { uri: "at://did:plc:a/app.bsky.feed.post/1", cid: "bafyroot" },
  parent: { uri: "at://did:plc:a/app.bsky.feed.post/1", cid: "bafyroot" },
};

describe("post content", () => {
  it("keeps facets, embed and reply and drops everything else", () => {
    const json = postContentOf({ text: "hello", facets: [facet], embed: image, reply, langs: ["en"] });
    expect(parsePostContent(json)).toEqual({ facets: [facet], embed: image, reply });
  });

  it("stores nothing for a text-only post or malformed extras", () => {
    expect(postContentOf({ text: "plain" })).toBeNull();
    expect(postContentOf({ text: "x", facets: ["not an object"], embed: [1, 2], reply: "r" })).toBeNull();
  });

  it("keeps only the text when the extras are over the cap", () => {
    const huge = { ...image, images: [{ ...image.images[0], alt: "a".repeat(POST_CONTENT_MAX_BYTES) }] };
    expect(postContentOf({ text: "big", embed: huge })).toBeNull();
    expect(postContentOf({ text: "ok", embed: image })).not.toBeNull();
  });

  it("reads a damaged or empty column as no extras", () => {
    expect(parsePostContent(null)).toEqual({});
    expect(parsePostContent("{not json")).toEqual({});
    expect(parsePostContent("[1,2]")).toEqual({});
  });
});
