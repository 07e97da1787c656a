// Fuzzing the PLC directory on a server of its own: GET /<did> (and its /data, /log, /log/audit,
// /log/last, /export) with random paths and queries, POST /<did> with malformed, mutated and
// mis-signed operations. Oracle: a 2xx or a 4xx `{error, message}`, never a 5xx or a hang; the server
// alive and its memory bounded afterwards.
import { Secp256k1Keypair } from "@atproto/crypto";
import {
  fuzzCall,
  fuzzRuns,
  fuzzTestTimeout,
  junkBody,
  junkJson,
  junkString,
  rssMiB,
} from "@atrarium/testkit";
import { createOp, type Operation } from "@did-plc/lib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newIdentity, startTestPlc, type TestIdentity, type TestPlc } from "./helpers.ts";

const runs = fuzzRuns();
const MEMORY_GROWTH_BOUND_MIB = 512;

let plc: TestPlc;
let known: TestIdentity;
let fresh: TestIdentity[];
let misSigned: { did: string; op: Operation };
beforeAll(async () => {
  plc = await startTestPlc({ logLevel: "error" });
  known = await newIdentity("known.test");
  const res = await fetch(`${plc.url}/${known.did}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(known.genesis),
  });
  if (res.status !== 200) throw new Error(`genesis refused: ${res.status}`);
  fresh = await Promise.all([newIdentity("a.test"), newIdentity("b.test")]);
  // Signed by a key that is not one of its rotation keys.
  const stranger = await Secp256k1Keypair.create();
  const { op, did } = await createOp({
    signingKey: stranger.did(),
    handle: "mis.test",
    pds: "https://pds.example.test",
    rotationKeys: [known.rotation[0]?.did() ?? ""],
    signer: stranger,
  });
  misSigned = { did, op };
});
afterAll(() => plc?.cleanup());

// Built inside the tests: the identities exist only once beforeAll ran.
const didLike = () =>
  fc.oneof(
    fc.constantFrom(known.did, fresh[0]?.did ?? "", misSigned.did, "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"),
    junkString,
  );

describe("PLC fuzzing", () => {
  it(
    "GET: random DIDs, paths and export queries",
    async () => {
      const before = rssMiB();
      const suffix = fc.constantFrom("", "/data", "/log", "/log/audit", "/log/last", "/", "/log/x", "/..");
      const get = fc.oneof(
        fc.tuple(didLike(), suffix).map(([did, s]) => `/${encodeURIComponent(did.toWellFormed())}${s}`),
        fc
          .tuple(junkString, junkString)
          .map(
            ([c, a]) =>
              `/export?count=${encodeURIComponent(c.toWellFormed())}&after=${encodeURIComponent(a.toWellFormed())}`,
          ),
        junkString.map((s) => `/${s.replace(/[?#]/g, "")}`),
      );
      await fc.assert(
        fc.asyncProperty(get, async (path) => {
          await fuzzCall(`${plc.url}${path}`, {}, "plc");
        }),
        { numRuns: runs },
      );
      expect(rssMiB() - before).toBeLessThan(MEMORY_GROWTH_BOUND_MIB);
    },
    fuzzTestTimeout(runs),
  );

  it(
    "POST: mutated, mis-signed and junk operations",
    async () => {
      const before = rssMiB();
      // A real operation with fields replaced, removed or added.
      const mutated = fc
        .tuple(
          fc.constantFrom(known.genesis, fresh[0]?.genesis, fresh[1]?.genesis, misSigned.op),
          fc.array(
            fc.tuple(
              fc.constantFrom(
                "type",
                "rotationKeys",
                "verificationMethods",
                "alsoKnownAs",
                "services",
                "prev",
                "sig",
                "extra",
              ),
              fc.option(junkJson),
            ),
            { maxLength: 3 },
          ),
        )
        .map(([op, edits]) => {
          const copy: Record<string, unknown> = { ...(op as object) };
          for (const [key, value] of edits) {
            if (value === null) delete copy[key];
            else copy[key] = value;
          }
          return JSON.stringify(copy);
        });
      const body = fc.oneof(
        mutated,
        fc.constant(JSON.stringify(misSigned.op)),
        junkJson.map((v) => JSON.stringify(v) ?? ""),
      );
      await fc.assert(
        fc.asyncProperty(didLike(), body, async (did, text) => {
          await fuzzCall(
            new URL(`/${encodeURIComponent(did.toWellFormed())}`, plc.url),
            {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: text,
            },
            "plc",
          );
        }),
        { numRuns: runs },
      );
      expect(rssMiB() - before).toBeLessThan(MEMORY_GROWTH_BOUND_MIB);
    },
    fuzzTestTimeout(runs),
  );

  it(
    "POST: raw bodies with wrong content types and oversized bodies",
    async () => {
      const oversized = fc.constant(JSON.stringify({ ...known.genesis, pad: "x".repeat(2 * 1024 * 1024) }));
      await fc.assert(
        fc.asyncProperty(
          didLike(),
          fc.oneof(
            junkBody,
            oversized.map((body) => ({ contentType: "application/json", body })),
          ),
          async (did, junk) => {
            const headers: Record<string, string> = {};
            if (junk.contentType !== undefined) headers["content-type"] = junk.contentType;
            await fuzzCall(
              new URL(`/${encodeURIComponent(did.toWellFormed())}`, plc.url),
              { method: "POST", headers, body: junk.body },
              "plc",
            );
          },
        ),
        { numRuns: runs },
      );
      const alive = await fetch(`${plc.url}/${known.did}`);
      expect(alive.status).toBe(200);
    },
    fuzzTestTimeout(runs),
  );
});
