import { describe, expect, it } from "vitest";
import { validateCommunityConfig } from "../src/index.ts";
import { errorFields, MEMBER_DID, OWNER_DID, POST_URI, validConfig, withField } from "./fixtures.ts";

describe("validateCommunityConfig", () => {
  it("accepts a valid config and returns it", () => {
    const config = validConfig();
    expect(validateCommunityConfig(config)).toEqual({ ok: true, value: config });
  });

  it("accepts a minimal config without optional fields or $type", () => {
    const { description, parentCommunity, $type, ...minimal } = validConfig();
    expect(validateCommunityConfig({ ...minimal, moderators: [] }).ok).toBe(true);
  });

  it.each(["open", "invite-only"])("accepts accessType %s", (accessType) => {
    expect(validateCommunityConfig({ ...validConfig(), accessType })).toMatchObject({
      ok: true,
      value: { accessType },
    });
  });

  it.each(["theme", "community", "graduated"])("accepts stage %s", (stage) => {
    expect(validateCommunityConfig({ ...validConfig(), stage }).ok).toBe(true);
  });

  it.each([
    ["feedMix", { own: 100, parent: 0, global: 0 }],
    ["feedMix", { own: 0, parent: 0, global: 100 }],
    ["name", "x".repeat(100)],
    ["name", "🦀".repeat(100)],
    ["description", "d".repeat(500)],
    ["moderators", Array.from({ length: 50 }, (_, i) => `did:plc:mod${i}`)],
    ["createdAt", "2025-01-02T03:04:05Z"],
  ])("accepts boundary value for %s", (field, value) => {
    expect(validateCommunityConfig(withField(validConfig(), field, value)).ok).toBe(true);
  });

  it.each([
    ["uppercase hex hashtag", "hashtag", "#atrarium_0A1B2C3D", "hashtag"],
    ["7-digit hashtag", "hashtag", "#atrarium_0a1b2c3", "hashtag"],
    ["9-digit hashtag", "hashtag", "#atrarium_0a1b2c3d4", "hashtag"],
    ["hashtag without #atrarium_ prefix", "hashtag", "0a1b2c3d", "hashtag"],
    ["hashtag with another prefix", "hashtag", "#community_0a1b2c3d", "hashtag"],
    ["non-hex hashtag", "hashtag", "#atrarium_0a1b2c3g", "hashtag"],
    ["unknown stage", "stage", "archived", "stage"],
    ["unknown accessType", "accessType", "members-only", "accessType"],
    ["feedMix summing to 90", "feedMix", { own: 80, parent: 5, global: 5 }, "feedMix"],
    ["feedMix summing to 110", "feedMix", { own: 100, parent: 5, global: 5 }, "feedMix"],
    ["float feedMix", "feedMix", { own: 80.5, parent: 14.5, global: 5 }, "feedMix.own"],
    ["negative feedMix", "feedMix", { own: 95, parent: -5, global: 10 }, "feedMix.parent"],
    ["feedMix share over 100", "feedMix", { own: 0, parent: 0, global: 101 }, "feedMix.global"],
    ["feedMix missing a share", "feedMix", { own: 90, parent: 10 }, "feedMix.global"],
    ["feedMix share as string", "feedMix", { own: "80", parent: 15, global: 5 }, "feedMix.own"],
    ["feedMix not an object", "feedMix", 100, "feedMix"],
    ["malformed parentCommunity at-uri", "parentCommunity", "https://example.com/x", "parentCommunity"],
    ["parentCommunity with bad authority", "parentCommunity", "at://not a did/x.y.z/abc", "parentCommunity"],
    ["parentCommunity pointing at a post", "parentCommunity", POST_URI, "parentCommunity"],
    [
      "parentCommunity without record key",
      "parentCommunity",
      `at://${OWNER_DID}/net.atrarium.community.config`,
      "parentCommunity",
    ],
    [
      "parentCommunity with handle authority",
      "parentCommunity",
      "at://alice.example.com/net.atrarium.community.config/3jzfcijpj2z2a",
      "parentCommunity",
    ],
    ["name over 100 graphemes", "name", "x".repeat(101), "name"],
    ["empty name", "name", "", "name"],
    ["blank name", "name", "   ", "name"],
    ["description over 500 graphemes", "description", "d".repeat(501), "description"],
    ["51 moderators", "moderators", Array.from({ length: 51 }, (_, i) => `did:plc:mod${i}`), "moderators"],
    [
      "invalid moderator DID",
      "moderators",
      [OWNER_DID, MEMBER_DID, "did:plc:ok", "alice.bsky.social"],
      "moderators[3]",
    ],
    ["moderators not an array", "moderators", OWNER_DID, "moderators"],
    ["invalid createdAt", "createdAt", "yesterday", "createdAt"],
    ["createdAt without time", "createdAt", "2025-01-02", "createdAt"],
    ["createdAt as a number", "createdAt", 1735787045678, "createdAt"],
    ["name as a number", "name", 42, "name"],
    ["stage as a boolean", "stage", true, "stage"],
    ["wrong $type", "$type", "net.atrarium.community.membership", "$type"],
  ])("rejects %s", (_label, field, value, expectedField) => {
    expect(errorFields(validateCommunityConfig(withField(validConfig(), field, value)))).toContain(
      expectedField,
    );
  });

  it.each(["name", "hashtag", "stage", "feedMix", "moderators", "createdAt"])("requires %s", (field) => {
    const result = validateCommunityConfig(withField(validConfig(), field, undefined));
    expect(result).toEqual({ ok: false, errors: [{ field, message: "is required" }] });
  });

  it.each([null, "config", 42, [validConfig()]])("rejects non-object %j", (value) => {
    expect(errorFields(validateCommunityConfig(value))).toEqual(["$"]);
  });

  it("explains the feedMix total", () => {
    const result = validateCommunityConfig({
      ...validConfig(),
      feedMix: { own: 50, parent: 20, global: 20 },
    });
    expect(result).toEqual({
      ok: false,
      errors: [{ field: "feedMix", message: "own + parent + global must be 100, got 90" }],
    });
  });

  it("reports a schema error and a rule error on different fields together", () => {
    const config = { ...validConfig(), hashtag: "#atrarium_0A1B2C3D", stage: "nope" };
    expect(errorFields(validateCommunityConfig(config))).toEqual(["stage", "hashtag"]);
  });

  it("reports a field only once when both the schema and a rule reject it", () => {
    const config = { ...validConfig(), hashtag: "#atrarium_0a1b2c3d_and_more" };
    expect(validateCommunityConfig(config)).toEqual({
      ok: false,
      errors: [{ field: "hashtag", message: "must not be longer than 18 characters" }],
    });
  });
});
