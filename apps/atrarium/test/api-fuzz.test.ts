// Fuzzing the Atrarium Worker of the shared devnet (bounded: it runs under wrangler dev, which the
// other shared files use too): every API method at /xrpc/<nsid> and at its REST alias, with params and
// bodies from its lexicon (near-valid and junk), anonymous, with a junk bearer token and with a fresh
// service JWT from a test account; getFeedSkeleton's feed URIs, cursors and limits. Oracle: a 2xx or a
// 4xx `{error, message}`, never a 5xx or a hang; the Worker answering afterwards.
import type { AtpAgent } from "@atproto/api";
import { ATRARIUM_API_ROUTES, ATRARIUM_LEXICON_DOCS, type AtrariumMethodNsid } from "@atrarium/lexicon";
import {
  createTestAccount,
  fuzzCall,
  fuzzRuns,
  fuzzTestTimeout,
  junkString,
  lexiconValues,
} from "@atrarium/testkit";
import fc from "fast-check";
import { beforeAll, describe, expect, inject, it } from "vitest";

const { workerUrl, pdsUrl } = inject("devnet");
// A third of the other families' count: each case is a round trip through wrangler dev (and, with a
// service JWT, one more to the PDS).
const runs = Math.ceil(fuzzRuns() / 3);
const lex = lexiconValues(ATRARIUM_LEXICON_DOCS);
const nsids = Object.keys(ATRARIUM_API_ROUTES) as AtrariumMethodNsid[];
const queries = new Set(
  nsids.filter(
    (n) => (ATRARIUM_LEXICON_DOCS.find((d) => d.id === n)?.defs.main as { type?: string })?.type === "query",
  ),
);

let agent: AtpAgent;
let serviceDid: string;
beforeAll(async () => {
  agent = (await createTestAccount(pdsUrl)).agent;
  serviceDid = ((await (await fetch(`${workerUrl}/.well-known/did.json`)).json()) as { id: string }).id;
});

type Auth = "none" | "junk" | "service";
const authOf = fc.constantFrom<Auth>("none", "junk", "service");

async function authorization(auth: Auth, nsid: string): Promise<Record<string, string>> {
  if (auth === "none") return {};
  if (auth === "junk") return { authorization: "Bearer eyJhbGciOiJub25lIn0.e30." };
  const res = await agent.com.atproto.server.getServiceAuth({ aud: serviceDid, lxm: nsid });
  return { authorization: `Bearer ${res.data.token}` };
}

// A method's call: at /xrpc/<nsid> or at its REST alias with junk in the path's `:name` segments.
const call = fc.constantFrom(...nsids).chain((nsid) =>
  fc.record({
    nsid: fc.constant(nsid),
    rest: fc.boolean(),
    segment: junkString,
    params: lex.params(nsid),
    body: lex.jsonBody(nsid) ?? fc.constant(undefined),
    auth: authOf,
  }),
);

function urlOf(c: {
  nsid: AtrariumMethodNsid;
  rest: boolean;
  segment: string;
  params: [string, string][];
}): URL {
  const route = ATRARIUM_API_ROUTES[c.nsid] as { rest: string };
  const path = c.rest
    ? route.rest.replace(/:[a-z]+/g, encodeURIComponent(c.segment.toWellFormed()) || "x")
    : `/xrpc/${c.nsid}`;
  const url = new URL(path, workerUrl);
  for (const [k, v] of c.params) url.searchParams.append(k, v.toWellFormed());
  return url;
}

describe.skipIf(!workerUrl)("Atrarium Worker fuzzing", () => {
  it(
    "API methods: lexicon-shaped params and bodies, at /xrpc and REST aliases, with and without auth",
    async () => {
      await fc.assert(
        fc.asyncProperty(call, async (c) => {
          const headers = await authorization(c.auth, c.nsid);
          const restVerb = (ATRARIUM_API_ROUTES[c.nsid] as { restVerb?: string }).restVerb;
          const method = c.rest && restVerb ? restVerb : queries.has(c.nsid) ? "GET" : "POST";
          if (method === "POST") headers["content-type"] = "application/json";
          await fuzzCall(urlOf(c), {
            method,
            headers,
            body: method === "POST" ? (JSON.stringify(c.body) ?? "null") : undefined,
          });
        }),
        { numRuns: runs },
      );
      expect((await fetch(`${workerUrl}/.well-known/did.json`)).status).toBe(200);
    },
    fuzzTestTimeout(runs, 300),
  );

  it("bodies past any sane size are refused with {error, message}, at /xrpc and REST aliases", async () => {
    const oversized = JSON.stringify({ community: "x".repeat(2 * 1024 * 1024) });
    for (const nsid of nsids.filter((n) => !queries.has(n))) {
      for (const rest of [false, true]) {
        const url = urlOf({ nsid, rest, segment: "x", params: [] });
        const restVerb = (ATRARIUM_API_ROUTES[nsid] as { restVerb?: string }).restVerb;
        const answer = await fuzzCall(url, {
          method: rest && restVerb ? restVerb : "POST",
          headers: { "content-type": "application/json" },
          body: oversized,
        });
        expect(answer.status, `${nsid}: ${answer.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      }
    }
  });

  it(
    "getFeedSkeleton and describeFeedGenerator: feed URIs, cursors and limits",
    async () => {
      const feed = fc.oneof(
        fc.constantFrom(
          "at://did:plc:aaaaaaaaaaaaaaaaaaaaaaaa/app.bsky.feed.generator/0123abcd",
          "at://did:web:127.0.0.1%3A1/app.bsky.feed.generator/ffffffff",
          "at://did:plc:x/app.bsky.feed.generator/",
          "x".repeat(9000),
        ),
        fc.tuple(junkString, junkString).map(([d, id]) => `at://${d}/app.bsky.feed.generator/${id}`),
        junkString,
      );
      const params = fc.record(
        {
          feed,
          cursor: fc.oneof(junkString, fc.constantFrom("0::", "1:2:3", "::::", "a".repeat(4000))),
          limit: fc.oneof(fc.integer().map(String), junkString),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(params, fc.boolean(), async (p, describeInstead) => {
          const url = new URL(
            describeInstead
              ? "/xrpc/app.bsky.feed.describeFeedGenerator"
              : "/xrpc/app.bsky.feed.getFeedSkeleton",
            workerUrl,
          );
          for (const [k, v] of Object.entries(p)) url.searchParams.set(k, v.toWellFormed());
          await fuzzCall(url);
        }),
        { numRuns: runs },
      );
      expect((await fetch(`${workerUrl}/.well-known/did.json`)).status).toBe(200);
    },
    fuzzTestTimeout(runs, 300),
  );
});
