// The claim rule and discovery's order, pure: only the stream's (or an own write's) observation time
// orders claims, a hint (owner-sync) never claims, discovery claims free hashtags only and is never
// overruled, and a config's own createdAt plays no part anywhere.
import { describe, expect, it } from "vitest";
import { type Claim, type ClaimVia, decideClaim } from "../src/registry/claim-rule.ts";
import { discoveryOrder } from "../src/sync/discovery-order.ts";

const OWNER = "at://did:plc:owner/net.atrarium.community.config/3kown";
const SQUATTER = "at://did:plc:squatter/net.atrarium.community.config/3ksq";
const stream = (observedUs: number): ClaimVia => ({ kind: "stream", observedUs });
const claim = (configUri: string, observedUs: number | null, id = "cafe0001"): Claim => ({
  id,
  configUri,
  observedUs,
});
const candidate = (configUri: string, id = "cafe0001") => ({ id, configUri });

describe("claim rule", () => {
  it("gives a free hashtag to the stream and to discovery, never to a hint", () => {
    expect(decideClaim(null, null, candidate(OWNER), stream(100))).toEqual({
      owned: true,
      kind: "new",
      observedUs: 100,
    });
    expect(decideClaim(null, null, candidate(OWNER), { kind: "discovery" })).toEqual({
      owned: true,
      kind: "new",
      observedUs: null,
    });
    expect(decideClaim(null, null, candidate(OWNER), { kind: "owner-sync" })).toEqual({ owned: false });
  });

  it("lets a config the stream observed earlier take the hashtag from one it observed later", () => {
    const held = claim(SQUATTER, 200);
    expect(decideClaim(held, null, candidate(OWNER), stream(100))).toEqual({
      owned: true,
      kind: "displaces",
      displaced: held,
      observedUs: 100,
    });
    expect(decideClaim(claim(OWNER, 100), null, candidate(SQUATTER), stream(200))).toEqual({ owned: false });
    expect(decideClaim(claim(OWNER, 100), null, candidate(SQUATTER), stream(100))).toEqual({ owned: false });
  });

  it("never takes a hashtag from a claim made without an observation, nor through discovery or a hint", () => {
    expect(decideClaim(claim(OWNER, null), null, candidate(SQUATTER), stream(1))).toEqual({ owned: false });
    expect(decideClaim(claim(OWNER, 500), null, candidate(SQUATTER), { kind: "discovery" })).toEqual({
      owned: false,
    });
    expect(decideClaim(claim(OWNER, 500), null, candidate(SQUATTER), { kind: "owner-sync" })).toEqual({
      owned: false,
    });
  });

  it("lets the owning config update itself from anywhere, keeping its earliest observation", () => {
    const held = claim(OWNER, 300);
    for (const via of [{ kind: "owner-sync" }, { kind: "discovery" }, stream(900)] as ClaimVia[])
      expect(decideClaim(held, held, candidate(OWNER), via)).toEqual({
        owned: true,
        kind: "kept",
        observedUs: 300,
      });
    expect(decideClaim(held, held, candidate(OWNER), stream(250))).toEqual({
      owned: true,
      kind: "kept",
      observedUs: 250,
    });
  });

  it("counts an own write (acknowledged by the PDS) as an observation at its acknowledgement", () => {
    const ownWrite = (observedUs: number): ClaimVia => ({ kind: "own-write", observedUs });
    expect(decideClaim(null, null, candidate(OWNER), ownWrite(100))).toEqual({
      owned: true,
      kind: "new",
      observedUs: 100,
    });
    // A config the stream observed later loses the hashtag to the own write, and the other way round.
    const later = claim(SQUATTER, 200);
    expect(decideClaim(later, null, candidate(OWNER), ownWrite(100))).toEqual({
      owned: true,
      kind: "displaces",
      displaced: later,
      observedUs: 100,
    });
    expect(decideClaim(claim(OWNER, 100), null, candidate(SQUATTER), ownWrite(200))).toEqual({
      owned: false,
    });
    const ownWritten = claim(OWNER, 100);
    expect(decideClaim(ownWritten, null, candidate(SQUATTER), stream(50))).toEqual({
      owned: true,
      kind: "displaces",
      displaced: ownWritten,
      observedUs: 50,
    });
    // The stream then delivering the same commit keeps the earlier observation.
    expect(decideClaim(ownWritten, ownWritten, candidate(OWNER), stream(900))).toEqual({
      owned: true,
      kind: "kept",
      observedUs: 100,
    });
    // Never over a claim made without an observation.
    expect(decideClaim(claim(SQUATTER, null), null, candidate(OWNER), ownWrite(1))).toEqual({ owned: false });
  });

  it("ignores a config that owns another hashtag (an edited hashtag)", () => {
    const elsewhere = claim(OWNER, 100, "cafe0002");
    expect(decideClaim(null, elsewhere, candidate(OWNER), stream(50))).toEqual({ owned: false });
  });
});

describe("discovery order", () => {
  const found = (uri: string, createdAt: string) => ({ uri, value: { createdAt } });

  it("puts recorded configs first by observation and ignores createdAt", () => {
    const late = found("at://a/c/late", "1970-01-01T00:00:00.000Z");
    const first = found("at://b/c/first", "2030-01-01T00:00:00.000Z");
    const noTime = found("at://c/c/discovered", "2020-01-01T00:00:00.000Z");
    const unknownA = found("at://d/c/x", "1970-01-01T00:00:00.000Z");
    const unknownB = found("at://e/c/y", "2000-01-01T00:00:00.000Z");
    const order = discoveryOrder([unknownB, late, unknownA, first, noTime], {
      [late.uri]: 900,
      [first.uri]: 100,
      [noTime.uri]: null,
    });
    expect(order.map((f) => f.uri)).toEqual([noTime.uri, first.uri, late.uri, unknownB.uri, unknownA.uri]);
  });
});
