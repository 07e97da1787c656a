import { describe, expect, it } from "vitest";
import { validateModerationAction } from "../src/index.ts";
import {
  CONFIG_URI,
  errorFields,
  MEMBER_DID,
  OWNER_DID,
  POST_URI,
  validAction,
  withField,
} from "./fixtures.ts";

describe("validateModerationAction", () => {
  it("accepts a valid action and returns it", () => {
    const action = validAction();
    expect(validateModerationAction(action)).toEqual({ ok: true, value: action });
  });

  it.each([
    ["hide_post", POST_URI],
    ["unhide_post", POST_URI],
    ["block_user", MEMBER_DID],
    ["unblock_user", OWNER_DID],
  ])("accepts %s with a matching target", (action, target) => {
    expect(validateModerationAction({ ...validAction(), action, target }).ok).toBe(true);
  });

  it("accepts an action without a reason, and a 300-grapheme reason", () => {
    const { reason, ...noReason } = validAction();
    expect(validateModerationAction(noReason).ok).toBe(true);
    expect(validateModerationAction({ ...noReason, reason: "é".repeat(300) }).ok).toBe(true);
  });

  it.each([
    ["hide_post", MEMBER_DID],
    ["unhide_post", MEMBER_DID],
    ["hide_post", CONFIG_URI],
    ["hide_post", `at://${MEMBER_DID}/app.bsky.feed.post`],
    ["hide_post", "at://alice.example.com/app.bsky.feed.post/3k2akeqpqr22b"],
    ["block_user", POST_URI],
    ["unblock_user", POST_URI],
    ["block_user", "alice.example.com"],
    ["block_user", "did:plc"],
  ])("rejects %s with target %s", (action, target) => {
    expect(errorFields(validateModerationAction({ ...validAction(), action, target }))).toEqual(["target"]);
  });

  it.each([
    ["unknown action", "action", "delete_post", "action"],
    ["community pointing at a post", "community", POST_URI, "community"],
    ["malformed community at-uri", "community", "at:/broken", "community"],
    ["reason over 300 graphemes", "reason", "r".repeat(301), "reason"],
    ["reason as an array", "reason", ["spam"], "reason"],
    ["target as a number", "target", 7, "target"],
    ["invalid createdAt", "createdAt", "not a date", "createdAt"],
    ["wrong $type", "$type", "app.bsky.feed.post", "$type"],
  ])("rejects %s", (_label, field, value, expectedField) => {
    expect(errorFields(validateModerationAction(withField(validAction(), field, value)))).toContain(
      expectedField,
    );
  });

  it.each(["action", "target", "community", "createdAt"])("requires %s", (field) => {
    const result = validateModerationAction(withField(validAction(), field, undefined));
    expect(result).toEqual({ ok: false, errors: [{ field, message: "is required" }] });
  });

  it("explains a target/action mismatch", () => {
    const result = validateModerationAction({ ...validAction(), action: "block_user", target: POST_URI });
    expect(result).toEqual({
      ok: false,
      errors: [{ field: "target", message: "block_user needs a user DID: target must be a valid DID" }],
    });
  });
});
