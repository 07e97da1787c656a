// Fuzzing Jetstream on a private stack: /subscribe query params (wantedCollections, wantedDids,
// cursor, compress, maxMessageSizeBytes, requireHello), random client messages (options_update with
// junk payloads, junk text and bytes, a message past the size limit), listReposByCollection params and
// requestCrawl bodies. Oracle: a 2xx/101 or a 4xx `{error, message}`, never a 5xx or a hang; the
// server alive, still streaming, and its memory bounded afterwards.
import {
  fuzzCall,
  fuzzRuns,
  fuzzTestTimeout,
  fuzzWebSocket,
  junkBody,
  junkBytes,
  junkJson,
  junkString,
  rssMiB,
} from "@atrarium/testkit";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrivateStack, startPrivateStack } from "./support/private-stack.ts";

const runs = fuzzRuns();
const MEMORY_GROWTH_BOUND_MIB = 512;

let stack: PrivateStack;
beforeAll(async () => {
  stack = await startPrivateStack({ logLevel: "error" });
});
afterAll(() => stack?.close());

const nsidLike = fc.oneof(
  fc.constantFrom("app.bsky.feed.post", "app.bsky.*", "*", "a.b.*.c", "net.atrarium.community.config"),
  junkString,
);
const didLike = fc.oneof(
  fc.constantFrom("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", "did:web:127.0.0.1%3A1", "did:"),
  junkString,
);
const numberLike = fc.oneof(
  fc.integer().map(String),
  fc.constantFrom("0", "-1", "1e21", "9007199254740993", "NaN"),
  junkString,
);

const subscribeParams: fc.Arbitrary<[string, string][]> = fc
  .tuple(
    fc.array(nsidLike, { maxLength: 4 }),
    fc.array(didLike, { maxLength: 4 }),
    fc.option(numberLike),
    fc.option(fc.oneof(fc.constantFrom("true", "false", "1"), junkString)),
    fc.option(numberLike),
    fc.option(fc.oneof(fc.constantFrom("true", "false"), junkString)),
    fc.array(fc.tuple(junkString, junkString), { maxLength: 2 }),
  )
  .map(([collections, dids, cursor, compress, maxSize, hello, extra]) => [
    ...collections.map((c): [string, string] => ["wantedCollections", c]),
    ...dids.map((d): [string, string] => ["wantedDids", d]),
    ...(cursor === null ? [] : [["cursor", cursor] as [string, string]]),
    ...(compress === null ? [] : [["compress", compress] as [string, string]]),
    ...(maxSize === null ? [] : [["maxMessageSizeBytes", maxSize] as [string, string]]),
    ...(hello === null ? [] : [["requireHello", hello] as [string, string]]),
    ...extra,
  ]);

// options_update with a payload that is nearly right (field names right, values anything), or junk.
const clientMessage: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc
    .record(
      {
        wantedCollections: fc.oneof(fc.array(nsidLike, { maxLength: 4 }), junkJson),
        wantedDids: fc.oneof(fc.array(didLike, { maxLength: 4 }), junkJson),
        maxMessageSizeBytes: fc.oneof(fc.integer(), junkJson),
      },
      { requiredKeys: [] },
    )
    .chain((payload) =>
      fc.constantFrom(
        { type: "options_update", payload },
        { type: "options_update", payload: null },
        { type: payload },
      ),
    )
    .map((m) => JSON.stringify(m)),
  junkJson.map((v) => JSON.stringify(v) ?? ""),
  junkString,
  junkBytes,
);

const subscribeUrlOf = (params: [string, string][]) => {
  const url = new URL("/subscribe", stack.jetstream.url.replace(/^http/, "ws"));
  for (const [k, v] of params) url.searchParams.append(k, v.toWellFormed());
  return url.toString();
};

async function expectStillStreaming(): Promise<void> {
  const res = await fetch(stack.jetstream.url, { signal: AbortSignal.timeout(10_000) });
  expect(res.status).toBe(200);
  const ok = await fuzzWebSocket(subscribeUrlOf([]), []);
  expect(ok.upgraded).toBe(true);
}

describe("Jetstream fuzzing", () => {
  it(
    "/subscribe: random query params and client messages",
    async () => {
      const before = rssMiB();
      await fc.assert(
        fc.asyncProperty(
          subscribeParams,
          fc.array(clientMessage, { maxLength: 3 }),
          async (params, messages) => {
            await fuzzWebSocket(subscribeUrlOf(params), messages);
          },
        ),
        { numRuns: runs },
      );
      await expectStillStreaming();
      expect(rssMiB() - before).toBeLessThan(MEMORY_GROWTH_BOUND_MIB);
    },
    fuzzTestTimeout(runs, 200),
  );

  it("a client message past the size limit closes that subscriber only", async () => {
    const result = await fuzzWebSocket(subscribeUrlOf([]), [new Uint8Array(11_000_000)], 500);
    expect(result.upgraded).toBe(true);
    expect(result.closeCode).toBe(1009);
    await expectStillStreaming();
  });

  it(
    "HTTP: listReposByCollection params, requestCrawl bodies, GET /subscribe",
    async () => {
      const before = rssMiB();
      const request = fc.oneof(
        subscribeParams.map((params) => ({
          path: "/xrpc/com.atproto.sync.listReposByCollection",
          params,
          post: undefined,
        })),
        subscribeParams.map((params) => ({ path: "/subscribe", params, post: undefined })),
        junkBody.map((post) => ({
          path: "/xrpc/com.atproto.sync.requestCrawl",
          params: [] as [string, string][],
          post,
        })),
        fc
          .record(
            { hostname: fc.oneof(junkString, fc.constantFrom("127.0.0.1:1", "localhost", "pds.test")) },
            { requiredKeys: [] },
          )
          .map((input) => ({
            path: "/xrpc/com.atproto.sync.requestCrawl",
            params: [] as [string, string][],
            post: { contentType: "application/json", body: JSON.stringify(input) } as {
              contentType: string | undefined;
              body: string | Uint8Array;
            },
          })),
      );
      const listParams = fc.tuple(nsidLike, numberLike, junkString).map(([c, l, cur]): [string, string][] => [
        ["collection", c],
        ["limit", l],
        ["cursor", cur],
      ]);
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            request,
            listParams.map((params) => ({
              path: "/xrpc/com.atproto.sync.listReposByCollection",
              params,
              post: undefined,
            })),
          ),
          async (r) => {
            const url = new URL(r.path, stack.jetstream.url);
            for (const [k, v] of r.params) url.searchParams.append(k, v.toWellFormed());
            if (!r.post) return void (await fuzzCall(url));
            const headers: Record<string, string> = {};
            if (r.post.contentType !== undefined) headers["content-type"] = r.post.contentType;
            await fuzzCall(url, { method: "POST", headers, body: r.post.body });
          },
        ),
        { numRuns: runs },
      );
      await expectStillStreaming();
      expect(rssMiB() - before).toBeLessThan(MEMORY_GROWTH_BOUND_MIB);
    },
    fuzzTestTimeout(runs),
  );

  // Regression (found by this fuzzer): the 413 kept the connection alive with the body unread, and
  // the client's next request on it failed ("other side closed"); the 413 now closes it.
  it("requestCrawl bodies past the limit are refused, and the next requests still get answers", async () => {
    const url = new URL("/xrpc/com.atproto.sync.requestCrawl", stack.jetstream.url);
    for (let i = 0; i < 4; i++) {
      const refused = await fuzzCall(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ hostname: "x".repeat(2 * 1024 * 1024) }),
      });
      expect(refused.status).toBe(413);
      const next = await fuzzCall(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      expect(next.status).toBe(400);
    }
  });
});
