// Fuzzing the PDS's binary inputs: importRepo with malformed CARs (random bytes, truncated and
// bit-flipped copies of a real repo's CAR, CARs whose blocks do not match their CIDs), uploadBlob with
// random bytes and MIME types, and subscribeRepos with random cursors and random client messages.
// Oracle as xrpc-fuzz: a 2xx or a 4xx `{error, message}`, never a 5xx or a hang; alive afterwards.
import {
  createTestAccount,
  fuzzCall,
  fuzzRuns,
  fuzzTestTimeout,
  fuzzWebSocket,
  junkBytes,
  junkString,
  rssMiB,
} from "@atrarium/testkit";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAlive, type FuzzPds, startFuzzPds } from "./fuzz-pds.ts";

const runs = fuzzRuns();
const MEMORY_GROWTH_BOUND_MIB = 512;

let pds: FuzzPds;
let validCar: Uint8Array;
// importRepo is accepted only while the account is deactivated (a migration): a second account,
// deactivated, takes the CARs, so they get past that check to the parser.
let importerJwt: string;
beforeAll(async () => {
  pds = await startFuzzPds();
  const { agent, did } = pds.account;
  for (let i = 0; i < 3; i++) {
    await agent.com.atproto.repo.createRecord({
      repo: did,
      collection: "app.bsky.feed.post",
      record: { $type: "app.bsky.feed.post", text: `fuzz seed ${i}`, createdAt: new Date().toISOString() },
    });
  }
  validCar = (await agent.com.atproto.sync.getRepo({ did })).data;
  const importer = await createTestAccount(pds.stack.pdsUrl);
  await importer.agent.com.atproto.server.deactivateAccount({});
  importerJwt = importer.agent.session?.accessJwt ?? "";
});
afterAll(() => pds?.close());

// A real CAR broken one way or another: cut short, bytes flipped (headers, CIDs and blocks alike),
// blocks duplicated out of order, or nothing like a CAR at all.
const malformedCar: fc.Arbitrary<Uint8Array> = fc.oneof(
  junkBytes,
  fc.nat().map((n) => validCar.slice(0, n % validCar.length)),
  fc
    .array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 })
    .map((flips) => {
      const car = validCar.slice();
      for (const [at, xor] of flips) car[at % car.length] ^= xor;
      return car;
    }),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => {
    const [from, to] = [a % validCar.length, b % validCar.length].sort((x, y) => x - y);
    return new Uint8Array([...validCar, ...validCar.slice(from, to)]);
  }),
);

const mimeType = fc.oneof(
  fc.constantFrom(
    "image/png",
    "image/jpeg",
    "video/mp4",
    "application/octet-stream",
    "text/html",
    "*/*",
    "",
    "image/",
  ),
  junkString.filter((s) => /^[\x21-\x7e]*$/.test(s)),
);

const pdsUrl = () => pds.stack.pdsUrl;

describe("PDS binary input fuzzing", () => {
  it(
    "importRepo: malformed CARs",
    async () => {
      const before = rssMiB();
      await fc.assert(
        fc.asyncProperty(malformedCar, async (car) => {
          await fuzzCall(new URL("/xrpc/com.atproto.repo.importRepo", pdsUrl()), {
            method: "POST",
            headers: { authorization: `Bearer ${importerJwt}`, "content-type": "application/vnd.ipld.car" },
            body: car,
          });
        }),
        { numRuns: runs },
      );
      await expectAlive(pdsUrl());
      expect(rssMiB() - before).toBeLessThan(MEMORY_GROWTH_BOUND_MIB);
    },
    fuzzTestTimeout(runs, 100),
  );

  it(
    "uploadBlob: random bytes and MIME types, with and without a session",
    async () => {
      await fc.assert(
        fc.asyncProperty(junkBytes, mimeType, fc.boolean(), async (bytes, mime, auth) => {
          const headers: Record<string, string> = { "content-type": mime };
          if (auth) headers.authorization = `Bearer ${pds.accessJwt}`;
          await fuzzCall(new URL("/xrpc/com.atproto.repo.uploadBlob", pdsUrl()), {
            method: "POST",
            headers,
            body: bytes,
          });
        }),
        { numRuns: runs },
      );
      await expectAlive(pdsUrl());
    },
    fuzzTestTimeout(runs),
  );

  it(
    "subscribeRepos: random cursors and client messages",
    async () => {
      const cursor = fc.oneof(
        fc.constant(undefined),
        junkString,
        fc.integer().map(String),
        fc.constantFrom("0", "-1", "9007199254740993", "1e3", "0x10"),
      );
      const message = fc.oneof(junkString, junkBytes, fc.constant(new Uint8Array(70 * 1024)));
      await fc.assert(
        fc.asyncProperty(cursor, fc.array(message, { maxLength: 3 }), async (c, messages) => {
          const url = new URL("/xrpc/com.atproto.sync.subscribeRepos", pdsUrl().replace(/^http/, "ws"));
          if (c !== undefined) url.searchParams.set("cursor", c);
          await fuzzWebSocket(url.toString(), messages);
        }),
        { numRuns: Math.ceil(runs / 3) },
      );
      await expectAlive(pdsUrl());
    },
    fuzzTestTimeout(runs, 200),
  );
});
