// Aurora Locus as a labeler: the administrator applies and negates labels on accounts and records
// (net.atrarium.pds.admin.emitLabels); com.atproto.label.queryLabels and subscribeLabels serve them
// signed with the #atproto_label key of the server's DID document, so a client checks them as it would
// any labeler's: resolve the DID (@atproto/identity), take the key, verify (@atproto/crypto) the
// DAG-CBOR of the label without its signature (encoded here by @atproto/common, not the server's code).
import { randomBytes } from "node:crypto";
import { AtpAgent } from "@atproto/api";
import { cborEncode, getVerificationMaterial } from "@atproto/common";
import { verifySignature } from "@atproto/crypto";
import { type DidDocument, getDidKeyFromMultibase } from "@atproto/identity";
import { PDS_LEXICON_DOCS, type PdsAdminEmitLabelsOutput } from "@atrarium/lexicon";
import { createTestAccount, localIdResolver, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Frame, subscribeFrames } from "./firehose-frames.ts";
import { adminAuth, bearerAuth, type CallOptions, outcome } from "./support/admin-client.ts";
import { OffsetClock } from "./support/offset-clock.ts";
import { type PrivatePds, startPrivatePds } from "./support/private-pds.ts";

interface Label {
  ver: number;
  src: string;
  uri: string;
  cid?: string;
  val: string;
  neg?: boolean;
  cts: string;
  exp?: string;
  sig: Uint8Array | { $bytes: string };
}

const HOUR = 60 * 60 * 1000;

let pds: PrivatePds;
let admin: CallOptions;
let agent: AtpAgent;
let clock: OffsetClock;
let serviceDid: string;
let labelerKey: string;
let user: TestAccount;
let post: { uri: string; cid: string };

const emit = async (input: object, opts: CallOptions = admin): Promise<PdsAdminEmitLabelsOutput> =>
  (await agent.call("net.atrarium.pds.admin.emitLabels", undefined, input, opts)).data;

const query = async (params: {
  uriPatterns: string[];
  sources?: string[];
  limit?: number;
  cursor?: string;
}): Promise<{ labels: Label[]; cursor?: string }> =>
  (await agent.com.atproto.label.queryLabels(params)).data as unknown as { labels: Label[]; cursor?: string };

const labelsUrl = (cursor?: number) =>
  `${pds.pdsUrl.replace(/^http/, "ws")}/xrpc/com.atproto.label.subscribeLabels${cursor === undefined ? "" : `?cursor=${cursor}`}`;

const sigBytes = (sig: Label["sig"]): Uint8Array =>
  sig instanceof Uint8Array ? sig : new Uint8Array(Buffer.from(sig.$bytes, "base64"));

async function signatureValid(label: Label): Promise<boolean> {
  const { sig, ...unsigned } = label;
  return verifySignature(labelerKey, cborEncode(unsigned), sigBytes(sig));
}

// As any client finds a labeler's key: its DID resolved (did:web: /.well-known/did.json).
async function resolveServerDoc(): Promise<DidDocument> {
  const doc = await localIdResolver(pds.plcUrl, pds.pdsUrl).did.resolve(serviceDid, true);
  if (!doc) throw new Error(`${serviceDid} did not resolve`);
  return doc;
}

const streamLabels = (frames: Frame[]): (Label & { seq: number })[] =>
  frames
    .filter((f) => f.t === "#labels")
    .flatMap((f) => (f.body.labels as Label[]).map((label) => ({ ...label, seq: f.body.seq as number })));

beforeAll(async () => {
  const adminPassword = `admin-${randomBytes(8).toString("hex")}`;
  clock = new OffsetClock();
  pds = await startPrivatePds({ adminPassword }, { clock });
  admin = adminAuth(adminPassword);
  agent = new AtpAgent({ service: pds.pdsUrl });
  for (const doc of PDS_LEXICON_DOCS) agent.lex.add(doc);
  serviceDid = (await agent.com.atproto.server.describeServer()).data.did;
  user = await createTestAccount(pds.pdsUrl);
  const created = await user.agent.com.atproto.repo.createRecord({
    repo: user.did,
    collection: "app.bsky.feed.post",
    record: { $type: "app.bsky.feed.post", text: "label me", createdAt: new Date().toISOString() },
  });
  post = { uri: created.data.uri, cid: created.data.cid };
  const material = getVerificationMaterial(await resolveServerDoc(), "atproto_label");
  if (!material) throw new Error("the server's DID document has no #atproto_label key");
  labelerKey = getDidKeyFromMultibase(material) as string;
});

afterAll(async () => {
  await pds?.close();
});

describe("the server's DID document", () => {
  it("announces the labeler service and its #atproto_label key", async () => {
    const doc = await resolveServerDoc();
    expect(doc.id).toBe(serviceDid);
    const labeler = doc.service?.find((s) => s.id === "#atproto_labeler");
    expect(labeler).toMatchObject({ type: "AtprotoLabeler", serviceEndpoint: pds.pds.ctx.cfg.publicUrl });
    expect(getVerificationMaterial(doc, "atproto_label")?.type).toBe("Multikey");
    expect(labelerKey).toMatch(/^did:key:z/);
  });
});

describe("applying labels", () => {
  it("labels an account and a record, signed by the key of the DID document", async () => {
    const onAccount = await emit({ uri: user.did, createLabelVals: ["spam", "!warn"] });
    expect(onAccount.labels.map((l) => [l.val, l.src, l.uri, l.neg])).toEqual([
      ["spam", serviceDid, user.did, undefined],
      ["!warn", serviceDid, user.did, undefined],
    ]);
    expect(onAccount.labels[1].seq).toBeGreaterThan(onAccount.labels[0].seq);
    const onRecord = await emit({ uri: post.uri, cid: post.cid, createLabelVals: ["graphic-media"] });
    expect(onRecord.labels).toMatchObject([{ ver: 1, uri: post.uri, cid: post.cid, val: "graphic-media" }]);

    const { labels } = await query({ uriPatterns: [user.did, post.uri] });
    expect(labels.map((l) => l.val)).toEqual(["spam", "!warn", "graphic-media"]);
    for (const label of labels) {
      expect(label).toMatchObject({ ver: 1, src: serviceDid });
      expect(await signatureValid(label)).toBe(true);
    }
    // A label altered after signing does not verify.
    expect(await signatureValid({ ...labels[0], val: "not-spam" })).toBe(false);
  });

  it("leaves each emission in the audit log with its subject", async () => {
    const log = await agent.call("net.atrarium.pds.admin.listAuditLog", {}, undefined, admin);
    const entries = (log.data as { entries: { nsid: string; subject?: string; status: number }[] }).entries;
    expect(entries).toContainEqual(
      expect.objectContaining({ nsid: "net.atrarium.pds.admin.emitLabels", subject: post.uri, status: 200 }),
    );
  });
});

describe("com.atproto.label.queryLabels", () => {
  it("matches full URIs and prefix patterns, and filters by source", async () => {
    const vals = async (uriPatterns: string[], sources?: string[]) =>
      (await query({ uriPatterns, sources })).labels.map((l) => l.val);
    expect(await vals([user.did])).toEqual(["spam", "!warn"]);
    expect(await vals([`at://${user.did}/*`])).toEqual(["graphic-media"]);
    expect(await vals([`at://${user.did}/app.bsky.feed.post/*`, user.did])).toEqual([
      "spam",
      "!warn",
      "graphic-media",
    ]);
    // A prefix ends where the `*` is: the account's DID alone is not under its at:// prefix.
    expect(await vals([`${user.did.slice(0, -3)}*`])).toEqual(["spam", "!warn"]);
    expect(await vals(["*"])).toEqual(["spam", "!warn", "graphic-media"]);
    expect(await vals(["*"], [serviceDid])).toHaveLength(3);
    expect(await vals(["*"], ["did:plc:someoneelse1234567890ab"])).toEqual([]);
    // Case-sensitive: DIDs and record keys are.
    expect(await vals([user.did.toUpperCase()])).toEqual([]);
  });

  it("pages by cursor", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await query({ uriPatterns: ["*"], limit: 1, cursor });
      if (res.labels.length === 0) break;
      expect(res.labels).toHaveLength(1);
      seen.push(res.labels[0].val);
      cursor = res.cursor;
    }
    expect(seen).toEqual(["spam", "!warn", "graphic-media"]);
  });

  it("refuses a pattern with a `*` before its end and a cursor that is not a seq", async () => {
    for (const params of [
      { uriPatterns: [`at://*/app.bsky.feed.post/x`] },
      { uriPatterns: ["*"], cursor: "abc" },
    ]) {
      expect(await outcome(query(params))).toMatchObject({ status: 400, error: "InvalidRequest" });
    }
  });

  it("stops returning a label once it has expired", async () => {
    const exp = new Date(clock.now() + HOUR).toISOString();
    await emit({ uri: post.uri, createLabelVals: ["short-lived"], exp });
    const [label] = (await query({ uriPatterns: [post.uri] })).labels.filter((l) => l.val === "short-lived");
    expect(label.exp).toBe(exp);
    expect(await signatureValid(label)).toBe(true);
    clock.advance(2 * HOUR);
    try {
      const after = (await query({ uriPatterns: [post.uri] })).labels.map((l) => l.val);
      expect(after).toEqual(["graphic-media"]);
    } finally {
      clock.reset();
    }
  });
});

describe("com.atproto.label.subscribeLabels", () => {
  it("replays from cursor 0, then streams a negation live; queryLabels no longer returns it", async () => {
    const stored = await query({ uriPatterns: ["*"] });
    const sub = subscribeFrames(labelsUrl(0), (frames) =>
      streamLabels(frames).some((l) => l.val === "spam" && l.neg === true),
    );
    await sub.opened;
    // Emitted after the subscriber connected: it reaches it live, after the replay.
    const negation = await emit({ uri: user.did, negateLabelVals: ["spam"] });
    const streamed = streamLabels(await sub.frames);
    const seqs = streamed.map((l) => l.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // The replay holds every stored label (the expired one too: clients drop it by its exp).
    for (const label of stored.labels) expect(streamed.map((l) => l.val)).toContain(label.val);
    const neg = streamed.at(-1);
    expect(neg).toMatchObject({ val: "spam", uri: user.did, neg: true, seq: negation.labels[0].seq });
    for (const { seq: _seq, ...label } of streamed) expect(await signatureValid(label)).toBe(true);

    expect((await query({ uriPatterns: [user.did] })).labels.map((l) => l.val)).toEqual(["!warn"]);
  });

  it("replays only what follows a cursor, and a label applied again comes back", async () => {
    const { labels } = await emit({ uri: user.did, createLabelVals: ["spam"] });
    const cursor = labels[0].seq - 1;
    const frames = await subscribeFrames(labelsUrl(cursor), (f) => streamLabels(f).length >= 1).frames;
    expect(streamLabels(frames)).toMatchObject([{ seq: labels[0].seq, val: "spam", uri: user.did }]);
    expect(streamLabels(frames)[0].neg).toBeUndefined();
    expect((await query({ uriPatterns: [user.did] })).labels.map((l) => l.val)).toEqual(["!warn", "spam"]);
  });

  it("refuses a cursor in the future", async () => {
    const frames = await subscribeFrames(labelsUrl(1_000_000), (f) => f.length >= 1).frames;
    expect(frames[0]).toMatchObject({ op: -1, body: { error: "FutureCursor" } });
  });
});

describe("net.atrarium.pds.admin.emitLabels refusals", () => {
  it("refuses callers without the admin credential", async () => {
    for (const opts of [{ headers: {} }, bearerAuth(user.agent.session?.accessJwt as string)]) {
      expect(await outcome(emit({ uri: user.did, createLabelVals: ["spam"] }, opts))).toMatchObject({
        status: 401,
        error: "AuthenticationRequired",
      });
    }
  });

  it.each([
    [{ uri: "not a subject", createLabelVals: ["spam"] }, "InvalidSubject"],
    [{ uri: "https://example.com/x", createLabelVals: ["spam"] }, "InvalidSubject"],
    [{ uri: "at://did:plc:abc234567890abcdefghijkl", createLabelVals: ["spam"] }, "InvalidSubject"],
    [
      {
        uri: "did:plc:abc234567890abcdefghijkl",
        cid: "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm",
        createLabelVals: ["spam"],
      },
      "InvalidSubject",
    ],
    [{ uri: "did:plc:abc234567890abcdefghijkl" }, "InvalidRequest"],
    [{ uri: "did:plc:abc234567890abcdefghijkl", createLabelVals: ["Not Kebab"] }, "InvalidRequest"],
    [
      { uri: "did:plc:abc234567890abcdefghijkl", createLabelVals: ["a"], negateLabelVals: ["a"] },
      "InvalidRequest",
    ],
    [{ uri: "did:plc:abc234567890abcdefghijkl", createLabelVals: ["a", "a"] }, "InvalidRequest"],
    [
      { uri: "did:plc:abc234567890abcdefghijkl", createLabelVals: ["a"], exp: "2001-01-01T00:00:00.000Z" },
      "InvalidRequest",
    ],
    [
      {
        uri: "at://did:plc:abc234567890abcdefghijkl/app.bsky.feed.post/3kabc",
        cid: "not-a-cid",
        createLabelVals: ["a"],
      },
      "InvalidRequest",
    ],
  ])("refuses %j with %s", async (input, error) => {
    expect(await outcome(emit(input))).toMatchObject({ status: 400, error });
  });
});
