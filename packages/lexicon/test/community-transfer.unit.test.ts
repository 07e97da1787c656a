// The owner-transfer records: schema plus the rules layer (which collection each at-uri names; an
// acceptance's config is the accepting account's own, not the community's).
import { describe, expect, it } from "vitest";
import { validateCommunityTransfer, validateCommunityTransferAccept } from "../src/index.ts";
import { CONFIG_URI, errorFields, MEMBER_DID, OWNER_DID, POST_URI } from "./fixtures.ts";

const CID = "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm";
const TRANSFER_URI = `at://${OWNER_DID}/net.atrarium.community.transfer/3k2akeqpqr22b`;
const NEW_CONFIG = `at://${MEMBER_DID}/net.atrarium.community.config/3k2akeqpqr22c`;
const offer = (over: object = {}) => ({
  $type: "net.atrarium.community.transfer",
  community: CONFIG_URI,
  newOwner: MEMBER_DID,
  createdAt: "2026-01-01T00:00:00.000Z",
  ...over,
});
const acceptance = (over: object = {}) => ({
  $type: "net.atrarium.community.transferAccept",
  transfer: { uri: TRANSFER_URI, cid: CID },
  community: CONFIG_URI,
  config: NEW_CONFIG,
  createdAt: "2026-01-01T00:00:00.000Z",
  ...over,
});

describe("validateCommunityTransfer", () => {
  it("accepts an offer of a config to a DID", () => {
    expect(validateCommunityTransfer(offer())).toEqual({ ok: true, value: offer() });
  });

  it.each([
    ["community", { community: POST_URI }],
    ["newOwner", { newOwner: "alice.example.com" }],
  ])("rejects a bad %s", (field, over) => {
    expect(errorFields(validateCommunityTransfer(offer(over)))).toEqual([field]);
  });
});

describe("validateCommunityTransferAccept", () => {
  it("accepts an acceptance naming the offer, the community and the new config", () => {
    expect(validateCommunityTransferAccept(acceptance())).toEqual({ ok: true, value: acceptance() });
  });

  it("rejects a transfer reference to another collection, or without a cid", () => {
    const wrong = acceptance({ transfer: { uri: CONFIG_URI, cid: CID } });
    expect(errorFields(validateCommunityTransferAccept(wrong))).toEqual(["transfer.uri"]);
    expect(validateCommunityTransferAccept(acceptance({ transfer: { uri: TRANSFER_URI } })).ok).toBe(false);
  });

  it("rejects a config that is the community's own config, or not a config", () => {
    expect(errorFields(validateCommunityTransferAccept(acceptance({ config: CONFIG_URI })))).toEqual([
      "config",
    ]);
    expect(errorFields(validateCommunityTransferAccept(acceptance({ config: TRANSFER_URI })))).toEqual([
      "config",
    ]);
  });
});
