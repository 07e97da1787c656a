// The write routes' pure pieces: the records they write (checked by the lexicon's schema and rules,
// a problem named by the route's input field), and the stream event an acknowledged write is
// indexed as.
import { describe, expect, it } from "vitest";
import { XrpcError } from "../src/shared/xrpc-error.ts";
import { newCommunityConfig } from "../src/write/create-community.ts";
import { membershipRecord } from "../src/write/membership.ts";
import { moderationRecord } from "../src/write/moderate.ts";
import { ownWriteEvent } from "../src/write/own-write.ts";

const NOW = new Date("2026-01-02T03:04:05.000Z");
const EARLIER = "2025-05-05T05:05:05.000Z";
const CONFIG = "at://did:plc:owner/net.atrarium.community.config/3kabcdefghij2";
const POST = "at://did:plc:bob/app.bsky.feed.post/3kabcdefghij2";

function refusal(run: () => unknown): { status: number; error: string; message: string } {
  try {
    run();
  } catch (err) {
    if (err instanceof XrpcError) return { status: err.status, error: err.error, message: err.message };
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("newCommunityConfig", () => {
  it("is the dashboard's new community: theme stage, own posts only, no moderators by default", () => {
    expect(newCommunityConfig({ name: "  Tea  ", description: "  " }, "0a1b2c3d", NOW)).toEqual({
      $type: "net.atrarium.community.config",
      name: "Tea",
      hashtag: "#atrarium_0a1b2c3d",
      stage: "theme",
      feedMix: { own: 100, parent: 0, global: 0 },
      moderators: [],
      createdAt: NOW.toISOString(),
    });
    expect(
      newCommunityConfig({ name: "Tea", description: "Green", moderators: ["did:plc:mod"] }, "0a1b2c3d", NOW),
    ).toMatchObject({ description: "Green", moderators: ["did:plc:mod"] });
  });

  it("refuses a blank name with the rules layer's message", () => {
    expect(refusal(() => newCommunityConfig({ name: "   " }, "0a1b2c3d", NOW))).toEqual({
      status: 400,
      error: "InvalidRequest",
      message: "name: must not be blank",
    });
  });
});

describe("membershipRecord", () => {
  const stored = (active: boolean) => ({
    $type: "net.atrarium.community.membership",
    community: CONFIG,
    role: "member",
    joinedAt: EARLIER,
    active,
  });

  it("joins with a new date, and a rejoin after leaving is a new join", () => {
    const fresh = { $type: "net.atrarium.community.membership", community: CONFIG, role: "member" };
    expect(membershipRecord(CONFIG, null, true, NOW)).toEqual({
      ...fresh,
      joinedAt: NOW.toISOString(),
      active: true,
    });
    expect(membershipRecord(CONFIG, stored(false), true, NOW)).toEqual({
      ...fresh,
      joinedAt: NOW.toISOString(),
      active: true,
    });
  });

  it("keeps joinedAt when leaving and when joining while still a member", () => {
    expect(membershipRecord(CONFIG, stored(true), false, NOW)).toMatchObject({
      joinedAt: EARLIER,
      active: false,
    });
    expect(membershipRecord(CONFIG, stored(true), true, NOW)).toMatchObject({
      joinedAt: EARLIER,
      active: true,
    });
  });

  it("writes role member whatever the stored record claimed, and ignores an invalid stored record", () => {
    expect(membershipRecord(CONFIG, { ...stored(true), role: "owner" }, false, NOW)).toMatchObject({
      role: "member",
      joinedAt: EARLIER,
    });
    expect(membershipRecord(CONFIG, { ...stored(true), joinedAt: "yesterday" }, false, NOW)).toMatchObject({
      joinedAt: NOW.toISOString(),
      active: false,
    });
  });
});

describe("moderationRecord", () => {
  it("builds the action, reason trimmed and dropped when blank", () => {
    expect(
      moderationRecord("hide_post", CONFIG, { community: "0a1b2c3d", target: POST, targetField: "uri" }, NOW),
    ).toEqual({
      $type: "net.atrarium.moderation.action",
      action: "hide_post",
      target: POST,
      community: CONFIG,
      createdAt: NOW.toISOString(),
    });
    const request = { community: "0a1b2c3d", target: "did:plc:bob", targetField: "did" as const };
    expect(moderationRecord("block_user", CONFIG, { ...request, reason: " spam " }, NOW)).toMatchObject({
      reason: "spam",
    });
    expect(moderationRecord("block_user", CONFIG, { ...request, reason: "  " }, NOW)).not.toHaveProperty(
      "reason",
    );
  });

  it("names the route's input field when the target is not what the action needs", () => {
    const notAPost = "at://did:plc:bob/net.atrarium.community.config/3kabcdefghij2";
    expect(
      refusal(() =>
        moderationRecord(
          "hide_post",
          CONFIG,
          { community: "0a1b2c3d", target: notAPost, targetField: "uri" },
          NOW,
        ),
      ),
    ).toEqual({
      status: 400,
      error: "InvalidRequest",
      message: "uri: hide_post needs the at-uri of a post: must point to a app.bsky.feed.post record",
    });
    expect(
      refusal(() =>
        moderationRecord(
          "block_user",
          CONFIG,
          { community: "0a1b2c3d", target: POST, targetField: "did" },
          NOW,
        ),
      ),
    ).toEqual({
      status: 400,
      error: "InvalidRequest",
      message: "did: block_user needs a user DID: target must be a valid DID",
    });
  });
});

describe("ownWriteEvent", () => {
  it("is the commit the PDS acknowledged, observed now", () => {
    const record = { $type: "net.atrarium.moderation.action", action: "block_user" };
    const ack = {
      uri: "at://did:plc:alice/net.atrarium.moderation.action/3kzzzzzzzzzz2",
      cid: "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm",
      rev: "3kyyyyyyyyyy2",
    };
    expect(
      ownWriteEvent(
        {
          did: "did:plc:alice",
          collection: "net.atrarium.moderation.action",
          operation: "create",
          record,
          ack,
        },
        1_700_000_000_000_000,
      ),
    ).toEqual({
      did: "did:plc:alice",
      time_us: 1_700_000_000_000_000,
      kind: "commit",
      commit: {
        rev: ack.rev,
        operation: "create",
        collection: "net.atrarium.moderation.action",
        rkey: "3kzzzzzzzzzz2",
        record,
        cid: ack.cid,
      },
    });
  });
});
