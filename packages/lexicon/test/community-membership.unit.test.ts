import { describe, expect, it } from "vitest";
import { validateCommunityMembership } from "../src/index.ts";
import {
  CONFIG_URI,
  errorFields,
  MEMBER_DID,
  OWNER_DID,
  POST_URI,
  validMembership,
  withField,
} from "./fixtures.ts";

describe("validateCommunityMembership", () => {
  it("accepts a valid membership and returns it", () => {
    const membership = validMembership();
    expect(validateCommunityMembership(membership)).toEqual({ ok: true, value: membership });
  });

  it.each([
    ["owner", true],
    ["moderator", false],
    ["member", false],
  ])("accepts role %s (active %s)", (role, active) => {
    expect(validateCommunityMembership({ ...validMembership(), role, active }).ok).toBe(true);
  });

  it.each([
    ["community pointing at a post", "community", POST_URI, "community"],
    [
      "community pointing at a profile",
      "community",
      `at://${OWNER_DID}/app.bsky.actor.profile/self`,
      "community",
    ],
    ["community that is a bare DID", "community", OWNER_DID, "community"],
    [
      "community without record key",
      "community",
      `at://${OWNER_DID}/net.atrarium.community.config`,
      "community",
    ],
    [
      "community with non-TID record key",
      "community",
      `at://${OWNER_DID}/net.atrarium.community.config/self`,
      "community",
    ],
    ["community with fragment", "community", `${CONFIG_URI}#/name`, "community"],
    ["malformed community at-uri", "community", "at://", "community"],
    ["unknown role", "role", "admin", "role"],
    ["role as a number", "role", 1, "role"],
    ["invalid joinedAt", "joinedAt", "2025-13-40T99:00:00Z", "joinedAt"],
    ["active as a string", "active", "true", "active"],
    ["wrong $type", "$type", "net.atrarium.community.config", "$type"],
  ])("rejects %s", (_label, field, value, expectedField) => {
    expect(errorFields(validateCommunityMembership(withField(validMembership(), field, value)))).toContain(
      expectedField,
    );
  });

  it.each(["community", "role", "joinedAt", "active"])("requires %s", (field) => {
    const result = validateCommunityMembership(withField(validMembership(), field, undefined));
    expect(result).toEqual({ ok: false, errors: [{ field, message: "is required" }] });
  });

  it("names the expected collection when community points elsewhere", () => {
    const result = validateCommunityMembership({
      ...validMembership(),
      community: `at://${MEMBER_DID}/x.y.z/abc`,
    });
    expect(result).toEqual({
      ok: false,
      errors: [{ field: "community", message: "must point to a net.atrarium.community.config record" }],
    });
  });
});
