// When an owner transfer takes effect (registry/transfer-rule.ts), as a pure decision: the offer by
// the owner of the claim naming its config, the acceptance by the account named referencing that
// offer's uri and cid, and the accepting account's own config seen by the registry; nothing less.
import { describe, expect, it } from "vitest";
import {
  completedTransfer,
  type TransferAcceptance,
  type TransferOffer,
} from "../src/registry/transfer-rule.ts";

const OWNER = "did:plc:owner";
const ALICE = "did:plc:alice";
const MALLORY = "did:plc:mallory";
const current = { configUri: `at://${OWNER}/net.atrarium.community.config/1`, owner: OWNER };
const aliceConfig = `at://${ALICE}/net.atrarium.community.config/2`;
const offer: TransferOffer = {
  uri: `at://${OWNER}/net.atrarium.community.transfer/1`,
  cid: "cid-offer",
  author: OWNER,
  community: current.configUri,
  newOwner: ALICE,
  createdAt: "2026-01-01T00:00:00.000Z",
};
const acceptance: TransferAcceptance = {
  uri: `at://${ALICE}/net.atrarium.community.transferAccept/1`,
  author: ALICE,
  transferUri: offer.uri,
  transferCid: offer.cid,
  community: current.configUri,
  config: aliceConfig,
};
const seen = (uri: string) => uri === aliceConfig;

describe("completedTransfer", () => {
  it("takes effect with the owner's offer, the named account's acceptance and its config", () => {
    expect(completedTransfer(current, [offer], [acceptance], seen)).toEqual({ offer, acceptance });
  });

  it("needs all three pieces", () => {
    expect(completedTransfer(current, [offer], [], seen)).toBeNull();
    expect(completedTransfer(current, [], [acceptance], seen)).toBeNull();
    expect(completedTransfer(current, [offer], [acceptance], () => false)).toBeNull();
  });

  it.each<[string, Partial<TransferOffer>, Partial<TransferAcceptance>]>([
    ["an offer by a third party", { author: MALLORY }, {}],
    ["an offer of another config", { community: `at://${OWNER}/net.atrarium.community.config/9` }, {}],
    ["an offer to the owner itself", { newOwner: OWNER }, { author: OWNER }],
    ["an acceptance by another account", {}, { author: MALLORY }],
    ["an acceptance of an edited offer (another cid)", {}, { transferCid: "cid-older" }],
    ["an acceptance of another offer", {}, { transferUri: `${offer.uri}x` }],
    [
      "an acceptance naming someone else's config",
      {},
      { config: `at://${MALLORY}/net.atrarium.community.config/2` },
    ],
  ])("grants nothing for %s", (_, offerOver, acceptOver) => {
    const o = { ...offer, ...offerOver };
    const a = { ...acceptance, ...acceptOver };
    expect(completedTransfer(current, [o], [a], () => true)).toBeNull();
  });
});
