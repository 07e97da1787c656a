// Fuzzing Jetstream's ingest with malformed firehose frames from a hostile upstream (a fake PDS the
// DIDs name): random bytes, a valid header with a junk body (nearly-right #commit fields, a CAR of
// random or bit-flipped blocks), real signed commits truncated or bit-flipped, error frames. Oracle:
// Jetstream never crashes or stops answering, and after the run a well-formed commit from the same
// upstream still reaches subscribers.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { encode } from "@atproto/lex-cbor";
import type { LexMap } from "@atproto/lex-data";
import { createJetstream, type Jetstream } from "@atrarium/jetstream";
import { createPlcServer, type PlcServer } from "@atrarium/plc";
import {
  commitsOf,
  fuzzRuns,
  fuzzTestTimeout,
  junkBytes,
  junkString,
  openCollector,
  rssMiB,
  subscribeUrl,
} from "@atrarium/testkit";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeFirehose, signedCommit, startFakeFirehose } from "./fake-firehose.ts";
import { type HostedIdentity, hostedIdentity } from "./support/hosted-identity.ts";

const runs = fuzzRuns();
const COLLECTION = "net.atrarium.test.note";
const MEMORY_GROWTH_BOUND_MIB = 512;
// Past any seq a junk frame claims (theirs stay small), so the final commit is never taken for a replay.
const FINAL_SEQ = 2 ** 40;
const note = (text: string) => ({ $type: COLLECTION, text, createdAt: new Date().toISOString() });

let dir: string;
let plc: PlcServer;
let upstream: FakeFirehose;
let jetstream: Jetstream;
let author: HostedIdentity;
let realFrame: Uint8Array;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "jetstream-frame-fuzz-"));
  plc = await createPlcServer({
    dbPath: path.join(dir, "plc.sqlite"),
    port: 0,
    host: "127.0.0.1",
    logLevel: "error",
  });
  upstream = await startFakeFirehose();
  author = await hostedIdentity(plc.url, upstream.url);
  jetstream = await createJetstream(
    {
      port: 0,
      dataDir: path.join(dir, "jetstream"),
      upstreams: [upstream.url],
      plcUrl: plc.url,
      logLevel: "silent",
      maxReconnectSeconds: 0,
    },
    {},
  );
  const body = await signedCommit(author.did, author.key, 1, COLLECTION, note("seed"));
  realFrame = frame({ op: 1, t: "#commit" }, body) ?? new Uint8Array();
});
afterAll(async () => {
  await jetstream?.close();
  await upstream?.close();
  await plc?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Header and body as DAG-CBOR, one after the other (a firehose frame); undefined if a value cannot
// be encoded (DAG-CBOR has no floats or undefined).
function frame(header: LexMap, body: unknown): Uint8Array | undefined {
  try {
    const h = encode(header);
    const b = encode(body as LexMap);
    const bytes = new Uint8Array(h.length + b.length);
    bytes.set(h);
    bytes.set(b, h.length);
    return bytes;
  } catch {
    return undefined;
  }
}

// JSON-ish junk DAG-CBOR can encode: integers, strings, booleans, null, bytes, arrays, maps.
const cborJunk: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.integer(),
    junkString,
    fc.boolean(),
    fc.constant(null),
    junkBytes,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(junkString, tie("value"), { maxKeys: 3 }),
  ),
})).value;

const commitBody = fc.record(
  {
    seq: fc.integer({ min: -5, max: 1000 }),
    rebase: fc.oneof(fc.boolean(), cborJunk),
    tooBig: fc.oneof(fc.boolean(), cborJunk),
    repo: fc.oneof(fc.constant("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"), junkString, cborJunk),
    commit: cborJunk,
    rev: fc.oneof(fc.constantFrom("3kzzzzzzzzz22", "7zzzzzzzzzzzz"), junkString),
    since: fc.oneof(fc.constant(null), junkString),
    blocks: fc.oneof(
      junkBytes,
      fc.nat().map((n) => realFrame.slice(n % realFrame.length)),
    ),
    ops: fc.array(
      fc.record(
        {
          action: fc.oneof(fc.constantFrom("create", "update", "delete"), junkString),
          path: junkString,
          cid: cborJunk,
        },
        { requiredKeys: [] },
      ),
      { maxLength: 3 },
    ),
    blobs: fc.array(cborJunk, { maxLength: 2 }),
    time: fc.oneof(fc.constant(new Date().toISOString()), junkString),
  },
  { requiredKeys: [] },
);

const malformedFrame: fc.Arbitrary<Uint8Array> = fc.oneof(
  junkBytes,
  fc
    .tuple(fc.constantFrom("#commit", "#account", "#identity", "#sync", "#info", "#junk"), commitBody)
    .map(([t, body]) => frame({ op: 1, t }, body) ?? new Uint8Array([0xa0])),
  fc
    .record({ error: junkString, message: junkString }, { requiredKeys: [] })
    .map((body) => frame({ op: -1 }, body) ?? new Uint8Array()),
  cborJunk.map((header) => frame(header as LexMap, {}) ?? new Uint8Array([0xff])),
  fc.nat().map((n) => realFrame.slice(0, n % realFrame.length)),
  fc
    .array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 6 })
    .map((flips) => {
      const bytes = realFrame.slice();
      for (const [at, xor] of flips) bytes[at % bytes.length] ^= xor;
      return bytes;
    }),
);

// Waits until a commit of the author with this text reaches a subscriber.
async function untilCommit(text: string): Promise<void> {
  const sub = await openCollector(subscribeUrl(jetstream.url, { wantedDids: author.did, cursor: "0" }));
  try {
    await sub.waitFor(
      (e) => commitsOf(e).some((c) => (c.record as { text?: string })?.text === text),
      15_000,
    );
  } finally {
    sub.close();
  }
}

describe("Jetstream firehose frame fuzzing", () => {
  it(
    "malformed frames from an upstream never take Jetstream down",
    async () => {
      const before = rssMiB();
      // Jetstream is connected (and has stored a good commit) before the junk starts.
      upstream.push("#commit", await signedCommit(author.did, author.key, 1, COLLECTION, note("seed")));
      await untilCommit("seed");
      let delivered = 0;
      await fc.assert(
        fc.asyncProperty(malformedFrame, async (bytes) => {
          // A frame may make Jetstream drop the upstream (about one in six does); it reconnects at once
          // (maxReconnectSeconds 0).
          const deadline = Date.now() + 5_000;
          while (upstream.pushRaw(bytes) === 0) {
            if (Date.now() > deadline) throw new Error("Jetstream did not reconnect to its upstream");
            await new Promise((r) => setTimeout(r, 50));
          }
          delivered++;
          // Let the frame be read; every 50th case, check that Jetstream still answers.
          await new Promise((r) => setImmediate(r));
          if (delivered % 50 === 0) {
            const res = await fetch(jetstream.url, { signal: AbortSignal.timeout(10_000) });
            expect(res.status).toBe(200);
          }
        }),
        { numRuns: runs },
      );
      upstream.push(
        "#commit",
        await signedCommit(author.did, author.key, FINAL_SEQ, COLLECTION, note("after the junk")),
      );
      await untilCommit("after the junk");
      expect(rssMiB() - before).toBeLessThan(MEMORY_GROWTH_BOUND_MIB);
    },
    fuzzTestTimeout(runs, 30),
  );
});
