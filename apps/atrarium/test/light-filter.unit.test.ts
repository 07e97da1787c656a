import { describe, expect, it } from "vitest";
import type { JetstreamEvent } from "../src/env.ts";
import { passesLightFilter } from "../src/ingest/light-filter.ts";

const post = (
  record: Record<string, unknown>,
  operation: "create" | "update" | "delete" = "create",
): JetstreamEvent => ({
  did: "did:plc:abc",
  time_us: 1,
  kind: "commit",
  commit: { rev: "3k", operation, collection: "app.bsky.feed.post", rkey: "3k", record, cid: "bafy" },
});

const withCollection = (collection: string): JetstreamEvent => ({
  did: "did:plc:abc",
  time_us: 1,
  kind: "commit",
  commit: { rev: "3k", operation: "create", collection, rkey: "3k", record: {}, cid: "bafy" },
});

describe("stage 1 light filter", () => {
  it("passes posts mentioning #atrarium_ in text, any case", () => {
    expect(passesLightFilter(post({ text: "hi #atrarium_0a1b2c3d" }))).toBe(true);
    expect(passesLightFilter(post({ text: "hi #ATRARIUM_0A1B2C3D" }))).toBe(true);
  });

  it("passes posts with an atrarium_ facet tag or tags entry (tags carry no #)", () => {
    const facet = {
      index: { byteStart: 0, byteEnd: 5 },
      features: [{ $type: "app.bsky.richtext.facet#tag", tag: "atrarium_0a1b2c3d" }],
    };
    expect(passesLightFilter(post({ text: "no tag in text", facets: [facet] }))).toBe(true);
    expect(passesLightFilter(post({ text: "plain", tags: ["Atrarium_0a1b2c3d"] }))).toBe(true);
  });

  it("drops other posts and other collections", () => {
    expect(passesLightFilter(post({ text: "nothing here #other" }))).toBe(false);
    expect(passesLightFilter(post({ text: "atrarium_0a1b2c3d without hash" }))).toBe(false);
    const like = withCollection("app.bsky.feed.like");
    expect(passesLightFilter(like)).toBe(false);
    expect(passesLightFilter({ did: "did:plc:x", time_us: 1, kind: "identity" })).toBe(false);
  });

  it("always passes net.atrarium.* records, and post deletes and updates", () => {
    const config = withCollection("net.atrarium.community.config");
    expect(passesLightFilter(config)).toBe(true);
    expect(passesLightFilter(post({}, "delete"))).toBe(true);
    expect(passesLightFilter(post({ text: "edited away the tag" }, "update"))).toBe(true);
  });

  it("passes feed generator records (a previous owner's feed answers until its record is deleted)", () => {
    expect(passesLightFilter(withCollection("app.bsky.feed.generator"))).toBe(true);
  });

  it("passes #account events of any status, so inactive accounts leave the feeds", () => {
    for (const account of [
      { active: false, status: "deactivated" },
      { active: false, status: "deleted" },
      { active: true },
    ])
      expect(passesLightFilter({ did: "did:plc:x", time_us: 1, kind: "account", account })).toBe(true);
  });

  it("survives malformed records", () => {
    expect(passesLightFilter(post({ text: 42, facets: [null, { features: "x" }], tags: "nope" }))).toBe(
      false,
    );
    expect(passesLightFilter({ did: "d", time_us: 1, kind: "commit" })).toBe(false);
  });
});
