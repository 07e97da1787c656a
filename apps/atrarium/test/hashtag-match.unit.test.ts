import { describe, expect, it } from "vitest";
import { communityIdsOf } from "../src/ingest/hashtag-match.ts";

describe("stage 2 exact hashtag match", () => {
  it("finds #atrarium_ + 8 hex in text, lower-cased", () => {
    expect(communityIdsOf({ text: "hello #atrarium_0a1b2c3d!" })).toEqual(["0a1b2c3d"]);
    expect(communityIdsOf({ text: "HELLO #ATRARIUM_0A1B2C3D" })).toEqual(["0a1b2c3d"]);
  });

  it("needs a trailing boundary: longer or non-hex suffixes do not match", () => {
    expect(communityIdsOf({ text: "#atrarium_a1b2c3d4e5" })).toEqual([]);
    expect(communityIdsOf({ text: "#atrarium_a1b2c3d_x" })).toEqual([]);
    expect(communityIdsOf({ text: "#atrarium_a1b2c3dz" })).toEqual([]);
    expect(communityIdsOf({ text: "#atrarium_a1b2c3d" })).toEqual([]);
    expect(communityIdsOf({ text: "#atrarium_a1b2c3d4。" })).toEqual(["a1b2c3d4"]);
  });

  it("reads facet tags and tags, and several tags give several communities", () => {
    const record = {
      text: "#atrarium_11111111 and #atrarium_22222222",
      facets: [{ features: [{ tag: "atrarium_33333333" }, { tag: "atrarium_44444444x" }] }],
      tags: ["atrarium_55555555", "ATRARIUM_11111111"],
    };
    expect(communityIdsOf(record).sort()).toEqual(["11111111", "22222222", "33333333", "55555555"]);
  });

  it("ignores malformed shapes", () => {
    expect(communityIdsOf({ text: 5, tags: [1, null], facets: [{ features: [{ tag: 3 }] }, null] })).toEqual(
      [],
    );
    expect(communityIdsOf(undefined)).toEqual([]);
  });
});
