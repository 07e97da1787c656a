// Trusted labelers inside workerd: a label's signature is checked over its DAG-CBOR without `sig` with
// the labeler's #atproto_label key (signed here with @atproto/crypto, as a labeler signs); the frames of
// subscribeLabels decode; the latest label per key wins, negation and expiry lift it; and a community
// Durable Object given the hiding labels filters its feed (a post, every post of an account).
import { Secp256k1Keypair } from "@atproto/crypto";
import { encode, type LexValue } from "@atproto/lex-cbor";
import { describe, expect, it } from "vitest";
import { decodeLabelFrame, type WireLabel } from "../../src/labels/label-frames.ts";
import { entryOf, hidingLabels, nextExpiry, supersedes } from "../../src/labels/label-state.ts";
import { labelerFromDocument, subscribeLabelsUrl } from "../../src/labels/labeler-identity.ts";
import { labelSignatureValid } from "../../src/labels/verify-label.ts";
import { ALICE, BOB, feedUris, post, seededCommunity } from "./community-fixtures.ts";
import { community, pool } from "./mix-fixtures.ts";

const LABELER = "did:plc:labeler00000000000000000";
const HIDDEN = new Set(["!hide", "spam"]);
const HOUR = 3_600_000;

async function signed(key: Secp256k1Keypair, fields: Omit<WireLabel, "sig">): Promise<WireLabel> {
  const unsigned = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  return { ...fields, sig: await key.sign(encode(unsigned as LexValue)) };
}

const label = (over: Partial<Omit<WireLabel, "sig">> = {}): Omit<WireLabel, "sig"> => ({
  ver: 1,
  src: LABELER,
  uri: "at://did:plc:alice0000000000000000000/app.bsky.feed.post/a1",
  val: "!hide",
  cts: new Date().toISOString(),
  ...over,
});

describe("label signatures", () => {
  it("accepts the labeler's signature and refuses a changed label or another key", async () => {
    const key = await Secp256k1Keypair.create();
    const other = await Secp256k1Keypair.create();
    const good = await signed(key, label({ neg: true, exp: new Date(Date.now() + HOUR).toISOString() }));
    expect(await labelSignatureValid(good, key.did())).toBe(true);
    expect(await labelSignatureValid({ ...good, val: "spam" }, key.did())).toBe(false);
    expect(await labelSignatureValid({ ...good, neg: undefined }, key.did())).toBe(false);
    expect(await labelSignatureValid(good, other.did())).toBe(false);
    expect(await labelSignatureValid({ ...good, sig: new Uint8Array(64) }, key.did())).toBe(false);
  });

  it("reads the #atproto_label key and #atproto_labeler endpoint of a DID document", async () => {
    const key = await Secp256k1Keypair.create();
    const multibase = key.did().slice("did:key:".length);
    const doc = {
      id: LABELER,
      verificationMethod: [
        { id: "#atproto", type: "Multikey", controller: LABELER, publicKeyMultibase: "zWrong" },
        {
          id: `${LABELER}#atproto_label`,
          type: "Multikey",
          controller: LABELER,
          publicKeyMultibase: multibase,
        },
      ],
      service: [
        { id: "#atproto_labeler", type: "AtprotoLabeler", serviceEndpoint: "http://127.0.0.1:2583/" },
      ],
    };
    expect(labelerFromDocument(LABELER, doc)).toEqual({
      did: LABELER,
      endpoint: "http://127.0.0.1:2583",
      signingKey: key.did(),
    });
    expect(() => labelerFromDocument(LABELER, { ...doc, service: [] })).toThrow(/atproto_labeler/);
    expect(() => labelerFromDocument(LABELER, { ...doc, verificationMethod: [] })).toThrow(/atproto_label/);
    expect(subscribeLabelsUrl("https://labeler.example", 7)).toBe(
      "wss://labeler.example/xrpc/com.atproto.label.subscribeLabels?cursor=7",
    );
  });
});

describe("subscribeLabels frames", () => {
  it("decodes #labels, #info and error frames", async () => {
    const key = await Secp256k1Keypair.create();
    const l = await signed(key, label());
    const frame = (header: object, body: object) =>
      new Uint8Array([...encode(header as LexValue), ...encode(body as LexValue)]);
    expect(decodeLabelFrame(frame({ op: 1, t: "#labels" }, { seq: 3, labels: [l, { junk: 1 }] }))).toEqual({
      kind: "labels",
      seq: 3,
      labels: [l],
    });
    expect(decodeLabelFrame(frame({ op: 1, t: "#info" }, { name: "OutdatedCursor" }))).toMatchObject({
      kind: "info",
      name: "OutdatedCursor",
    });
    expect(decodeLabelFrame(frame({ op: -1 }, { error: "FutureCursor", message: "m" }))).toEqual({
      kind: "error",
      error: "FutureCursor",
      message: "m",
    });
    expect(() => decodeLabelFrame(new Uint8Array([0xff, 0x00]))).toThrow();
  });
});

describe("label state", () => {
  it("keeps the latest label per key; negation and expiry lift a hide; other values hide nothing", () => {
    const now = Date.now();
    const at = (ms: number) => new Date(now + ms).toISOString();
    const applied = entryOf({ ...label({ cts: at(-2000) }), sig: new Uint8Array() });
    const negated = entryOf({ ...label({ cts: at(-1000), neg: true }), sig: new Uint8Array() });
    expect(supersedes(negated, applied)).toBe(true);
    expect(supersedes(applied, negated)).toBe(false);
    expect(supersedes(applied, undefined)).toBe(true);

    expect(hidingLabels([applied], HIDDEN, now)).toEqual([
      { uri: applied.uri, cid: "", val: "!hide", exp: null },
    ]);
    expect(hidingLabels([negated], HIDDEN, now)).toEqual([]);
    const other = { ...applied, val: "sexual" };
    expect(hidingLabels([other], HIDDEN, now)).toEqual([]);

    const expiring = entryOf({ ...label({ uri: ALICE, val: "spam", exp: at(HOUR) }), sig: new Uint8Array() });
    expect(hidingLabels([expiring], HIDDEN, now)).toHaveLength(1);
    expect(hidingLabels([expiring], HIDDEN, now + 2 * HOUR)).toEqual([]);
    expect(nextExpiry([applied, expiring, other], HIDDEN, now)).toBe(now + HOUR);
    expect(nextExpiry([applied], HIDDEN, now)).toBeNull();
  });
});

describe("CommunityFeed.setLabelHides", () => {
  it("hides a labelled post and every post of a labelled account until the labeler lifts it", async () => {
    const stub = await seededCommunity([ALICE, BOB]);
    const a1 = post(ALICE, "a1", { createdAt: new Date(Date.now() - 3000).toISOString() });
    const a2 = post(ALICE, "a2", { createdAt: new Date(Date.now() - 2000).toISOString() });
    const b1 = post(BOB, "b1", { createdAt: new Date(Date.now() - 1000).toISOString() });
    for (const p of [a1, a2, b1]) await stub.applyPost(p);
    expect(await feedUris(stub)).toEqual([b1.uri, a2.uri, a1.uri]);

    const hide = (uri: string, over: { cid?: string; exp?: number | null } = {}) => ({
      uri,
      cid: over.cid ?? "",
      val: "!hide",
      exp: over.exp ?? null,
    });
    expect(await stub.setLabelHides(LABELER, 1, [hide(a1.uri)])).toBe(true);
    expect(await feedUris(stub)).toEqual([b1.uri, a2.uri]);
    // A label on another version of the post leaves this one alone.
    expect(await stub.setLabelHides(LABELER, 2, [hide(a2.uri, { cid: "bafyother" })])).toBe(true);
    expect(await feedUris(stub)).toEqual([b1.uri, a2.uri, a1.uri]);
    // The account: all its posts.
    await stub.setLabelHides(LABELER, 3, [hide(ALICE)]);
    expect(await feedUris(stub)).toEqual([b1.uri]);
    // An older state arriving late changes nothing; the same state again changes nothing.
    expect(await stub.setLabelHides(LABELER, 2, [])).toBe(false);
    expect(await stub.setLabelHides(LABELER, 3, [hide(ALICE)])).toBe(false);
    // Another labeler's labels are its own.
    await stub.setLabelHides("did:plc:otherlabeler0000000000000", 1, [hide(b1.uri)]);
    expect(await feedUris(stub)).toEqual([]);
    await stub.setLabelHides("did:plc:otherlabeler0000000000000", 2, []);
    // An expired label hides nothing, whenever it was pushed.
    await stub.setLabelHides(LABELER, 4, [hide(ALICE, { exp: Date.now() - 1000 })]);
    expect(await feedUris(stub)).toEqual([b1.uri, a2.uri, a1.uri]);
    await stub.setLabelHides(LABELER, 5, []);
    expect(await feedUris(stub)).toEqual([b1.uri, a2.uri, a1.uri]);
  });
});

describe("labels and the global pool", () => {
  it("a labelled post leaves the community's share of the pool and comes back when the label is lifted", async () => {
    const c = await community({ stage: "community" });
    const [kept, labelled] = (await c.addPosts(2)) as [string, string];
    const poolUris = async () => (await pool().page([], 10_000)).map((p) => p.uri);
    // The publish follows a change by a short delay; wait for it, bounded.
    const waitFor = async (ok: (uris: string[]) => boolean) => {
      let uris = await poolUris();
      for (let i = 0; i < 50 && !ok(uris); i++) {
        await new Promise((r) => setTimeout(r, 100));
        uris = await poolUris();
      }
      return uris;
    };
    expect(await waitFor((u) => u.includes(labelled) && u.includes(kept))).toContain(labelled);
    await c.stub.setLabelHides(LABELER, 1, [{ uri: labelled, cid: "", val: "!hide", exp: null }]);
    const hidden = await waitFor((u) => !u.includes(labelled));
    expect(hidden).not.toContain(labelled);
    expect(hidden).toContain(kept);
    await c.stub.setLabelHides(LABELER, 2, []);
    expect(await waitFor((u) => u.includes(labelled))).toContain(labelled);
  });
});
