// Rate limits with tiny windows: per IP for anonymous API calls (failed authentication counts there
// too), per DID for signed-in ones, and getFeedSkeleton per viewer when a viewer JWT is present;
// 429 with Retry-After and RateLimit-* headers, and the window resets.

import { COMMUNITY_GET_STATS_NSID, SYNC_INDEX_RECORD_NSID } from "@atrarium/lexicon";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiResponse, callApi, callAs, serviceJwt } from "./support/api-client.ts";
import { type ApiPipeline, apiPipeline } from "./support/api-pipeline.ts";
import { type Community, createCommunity } from "./support/community-scenario.ts";
import { indexConfig } from "./support/stream-relay.ts";

// Every burst a test expects inside one window must fit in it even on a loaded machine: the calls are
// local, but each signed-in one also has our PDS mint its token.
const WINDOW_MS = 4000;

// A response and when the test had it.
type Seen = ApiResponse & { at: number };
const seen = async (res: Promise<ApiResponse>): Promise<Seen> => ({ ...(await res), at: Date.now() });

// When the window a response was counted in has certainly ended: its RateLimit-Reset is whole seconds
// rounded up from when the server answered, which was before the test had the answer.
const windowEnd = (res: Seen): number => {
  const reset = res.headers.get("ratelimit-reset");
  if (reset === null) throw new Error(`a ${res.status} response without RateLimit-Reset`);
  return res.at + Number(reset) * 1000;
};

const until = async (time: number) => {
  const wait = time - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
};

// Once the window a response reports has passed, repeats `call` (bounded) until the server admits it.
// A refused call is not counted, so the admitted one is the first of the new window.
async function admittedAfter(res: Seen, call: () => Promise<ApiResponse>): Promise<Seen> {
  await until(windowEnd(res));
  const giveUp = Date.now() + 5000;
  for (;;) {
    const next = await seen(call());
    if (next.status !== 429 || Date.now() > giveUp) return next;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const limits = (res: ApiResponse) => ({
  status: res.status,
  limit: res.headers.get("ratelimit-limit"),
  remaining: res.headers.get("ratelimit-remaining"),
});

describe("rate limits", () => {
  let p: ApiPipeline;
  let alice: TestAccount;
  let bob: TestAccount;
  let community: Community;
  const stats = () => `/xrpc/${COMMUNITY_GET_STATS_NSID}?community=${community.id}`;
  const anonymous = () => callApi(p.url, stats());
  const aliceStats = () => callAs(alice.agent, p, COMMUNITY_GET_STATS_NSID, stats());
  // The last response counted in a window a later test needs fresh: that test waits for its end.
  let lastInIpWindow: Seen | undefined;
  let lastInAliceWindow: Seen | undefined;

  beforeAll(async () => {
    p = await apiPipeline({
      jetstream: false,
      vars: {
        API_RATE_LIMIT: "3",
        API_RATE_WINDOW_SECONDS: String(WINDOW_MS / 1000),
        FEED_RATE_LIMIT: "2",
        FEED_RATE_WINDOW_SECONDS: String(WINDOW_MS / 1000),
      },
    });
    [alice, bob] = await Promise.all([createTestAccount(p.stack.pdsUrl), createTestAccount(p.stack.pdsUrl)]);
    community = await createCommunity(alice.agent);
    const res = await seen(
      callAs(alice.agent, p, SYNC_INDEX_RECORD_NSID, "/xrpc/net.atrarium.sync.indexRecord", {
        body: { uri: community.uri },
      }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    lastInAliceWindow = res;
    // A hint claims no hashtag: the config comes through the (scripted) stream.
    await indexConfig(p, community);
  }, 90_000);
  afterAll(async () => {
    await p?.close();
  });

  it("limits anonymous calls per IP and resets with the window", async () => {
    const answers: Seen[] = [];
    for (let i = 0; i < 4; i++) answers.push(await seen(anonymous()));
    expect(answers.map(limits)).toEqual([
      { status: 200, limit: "3", remaining: "2" },
      { status: 200, limit: "3", remaining: "1" },
      { status: 200, limit: "3", remaining: "0" },
      { status: 429, limit: "3", remaining: "0" },
    ]);
    const refused = answers[3];
    expect(refused.body).toMatchObject({ error: "RateLimitExceeded" });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(WINDOW_MS / 1000);
    // A signed-in caller has their own budget meanwhile (alice's first call since setup's window).
    await until(windowEnd(lastInAliceWindow as Seen));
    const signedIn = await seen(aliceStats());
    expect(limits(signedIn)).toEqual({ status: 200, limit: "3", remaining: "2" });
    lastInAliceWindow = signedIn;
    const reset = await admittedAfter(refused, anonymous);
    expect(limits(reset)).toEqual({ status: 200, limit: "3", remaining: "2" });
    lastInIpWindow = reset;
  });

  it("limits signed-in calls per DID", async () => {
    if (lastInAliceWindow) await until(windowEnd(lastInAliceWindow));
    const answers: Seen[] = [];
    for (let i = 0; i < 4; i++) answers.push(await seen(aliceStats()));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect((await callAs(bob.agent, p, COMMUNITY_GET_STATS_NSID, stats())).status).toBe(200);
    const reset = await admittedAfter(answers[3], aliceStats);
    expect(reset.status).toBe(200);
    lastInAliceWindow = reset;
  });

  it("charges failed authentication to the IP", async () => {
    if (lastInIpWindow) await until(windowEnd(lastInIpWindow));
    for (let i = 0; i < 3; i++)
      expect((await callApi(p.url, stats(), { token: "bad.token.here" })).status).toBe(401);
    expect((await callApi(p.url, stats())).status).toBe(429);
  });

  it("limits getFeedSkeleton per viewer JWT and leaves anonymous feed requests alone", async () => {
    const feed = `/xrpc/app.bsky.feed.getFeedSkeleton?feed=${encodeURIComponent(community.feed)}`;
    const asViewer = async (who: TestAccount) =>
      callApi(p.url, feed, {
        token: await serviceJwt(who.agent, `${p.did}#bsky_fg`, "app.bsky.feed.getFeedSkeleton"),
      });
    const first = await asViewer(alice);
    expect(limits(first)).toEqual({ status: 200, limit: "2", remaining: "1" });
    expect((await asViewer(alice)).status).toBe(200);
    const third = await seen(asViewer(alice));
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).not.toBeNull();
    expect((await asViewer(bob)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await callApi(p.url, feed)).status).toBe(200);
    expect((await admittedAfter(third, () => asViewer(alice))).status).toBe(200);
  });
});
