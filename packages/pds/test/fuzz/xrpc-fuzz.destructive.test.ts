// Fuzzing every XRPC method the PDS registers, from its lexicon: near-valid params and JSON bodies
// (right names, wrong types/lengths/formats, extras, junk), unauthenticated and with a valid session,
// plus raw bodies (wrong content types, truncated JSON, bodies past the limit). Oracle: a 2xx or a 4xx
// `{error, message}`, never a 5xx or a hang; the server alive and its memory bounded afterwards.
import {
  checkAnswer,
  fuzzCall,
  fuzzRuns,
  fuzzTestTimeout,
  junkBody,
  lexiconValues,
  rssMiB,
} from "@atrarium/testkit";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { methods } from "../../src/api/index.ts";
import { atprotoLexicons } from "../../src/lexicon/atproto-lexicons.ts";
import { ADMIN_AUTHORIZATION, expectAlive, type FuzzPds, startFuzzPds } from "./fuzz-pds.ts";

// They end the session or the account the rest of the run calls with; they are fuzzed
// unauthenticated (and their session paths by the account tests).
const SESSION_ENDERS = new Set([
  "com.atproto.server.deleteSession",
  "com.atproto.server.deactivateAccount",
  "com.atproto.server.deleteAccount",
  "com.atproto.server.refreshSession",
]);
// Binary inputs have their own fuzzer (binary-fuzz.destructive.test.ts).
const jsonMethods = methods.filter((m) => !m.rawInput);
const lex = lexiconValues(atprotoLexicons());
const runs = fuzzRuns();
const MEMORY_GROWTH_BOUND_MIB = 512;

let pds: FuzzPds;
beforeAll(async () => {
  pds = await startFuzzPds();
});
afterAll(() => pds?.close());

// One case: a method, its params and (for a procedure) a body, sent with or without the session.
function caseFor(authenticated: boolean, only = (_m: (typeof methods)[number]) => true) {
  const candidates = (
    authenticated ? jsonMethods.filter((m) => !SESSION_ENDERS.has(m.nsid)) : jsonMethods
  ).filter(only);
  // By NSID, so a counterexample prints as a name rather than the method's code.
  return fc.constantFrom(...candidates.map((m) => m.nsid)).chain((nsid) =>
    fc.record({
      nsid: fc.constant(nsid),
      params: lex.params(nsid),
      body: lex.jsonBody(nsid) ?? fc.constant(undefined),
    }),
  );
}

const typeOf = new Map(methods.map((m) => [m.nsid, m.type]));

// `authorization`: a whole Authorization header value (Bearer or Basic), or none.
async function send(c: { nsid: string; params: [string, string][]; body: unknown }, authorization?: string) {
  const url = new URL(`/xrpc/${c.nsid}`, pds.stack.pdsUrl);
  for (const [k, v] of c.params) url.searchParams.append(k, v);
  const headers: Record<string, string> = authorization ? { authorization } : {};
  if (typeOf.get(c.nsid) === "query") return fuzzCall(url, { headers });
  headers["content-type"] = "application/json";
  return fuzzCall(url, { method: "POST", headers, body: JSON.stringify(c.body) ?? "null" });
}

describe("PDS XRPC fuzzing", () => {
  it(
    "every method, unauthenticated: near-valid params and bodies",
    async () => {
      const before = rssMiB();
      await fc.assert(
        fc.asyncProperty(caseFor(false), (c) => send(c).then(() => undefined)),
        { numRuns: runs },
      );
      await expectAlive(pds.stack.pdsUrl);
      expect(rssMiB() - before).toBeLessThan(MEMORY_GROWTH_BOUND_MIB);
    },
    fuzzTestTimeout(runs),
  );

  it(
    "every method, with a valid session: near-valid params and bodies",
    async () => {
      const before = rssMiB();
      await fc.assert(
        fc.asyncProperty(caseFor(true), (c) => send(c, `Bearer ${pds.accessJwt}`).then(() => undefined)),
        { numRuns: runs },
      );
      await expectAlive(pds.stack.pdsUrl);
      expect(rssMiB() - before).toBeLessThan(MEMORY_GROWTH_BOUND_MIB);
    },
    fuzzTestTimeout(runs),
  );

  it(
    "administrator methods, with the administrator's credential: near-valid params and bodies",
    async () => {
      // Their callers are trusted operators, but a typo must still be a 4xx; and the fuzzed PDS is
      // private, so what they change (accounts, admins, labels) matters to no other test.
      const adminCase = caseFor(false, (m) => m.auth === "admin");
      await fc.assert(
        fc.asyncProperty(adminCase, (c) => send(c, ADMIN_AUTHORIZATION).then(() => undefined)),
        { numRuns: runs },
      );
      await expectAlive(pds.stack.pdsUrl);
    },
    fuzzTestTimeout(runs),
  );

  it(
    "raw bodies: wrong content types, truncated JSON, junk bytes",
    async () => {
      const procedures = jsonMethods.filter((m) => m.type === "procedure");
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...procedures.map((m) => m.nsid)),
          junkBody,
          fc.boolean(),
          async (nsid, junk, auth) => {
            const headers: Record<string, string> = auth ? { authorization: `Bearer ${pds.accessJwt}` } : {};
            if (junk.contentType !== undefined) headers["content-type"] = junk.contentType;
            await fuzzCall(new URL(`/xrpc/${nsid}`, pds.stack.pdsUrl), {
              method: "POST",
              headers,
              body: junk.body,
            });
          },
        ),
        { numRuns: runs },
      );
      await expectAlive(pds.stack.pdsUrl);
    },
    fuzzTestTimeout(runs),
  );

  it("bodies past the body limit are refused with {error, message}", async () => {
    const procedures = jsonMethods.filter((m) => m.type === "procedure");
    // 2 MiB: past the JSON (150 KB) and record (1 MiB) limits alike.
    const oversized = JSON.stringify({ text: "x".repeat(2 * 1024 * 1024) });
    for (const method of procedures) {
      const answer = await fuzzCall(new URL(`/xrpc/${method.nsid}`, pds.stack.pdsUrl), {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${pds.accessJwt}` },
        body: oversized,
      });
      checkAnswer(answer, method.nsid);
      // A method without input ignores the body (it is not parsed, so its size costs nothing).
      if (lex.jsonBody(method.nsid) !== undefined) {
        expect([400, 401, 403, 413], `${method.nsid}: ${answer.text.slice(0, 200)}`).toContain(answer.status);
      }
    }
    await expectAlive(pds.stack.pdsUrl);
  });
});
