// Rate limits with tiny windows: per IP for anonymous API calls (failed authentication counts there
// too), per DID for signed-in ones, and getFeedSkeleton per viewer when a viewer JWT is present;
// 429 with Retry-After and RateLimit-* headers, and the window resets.

import { COMMUNITY_GET_STATS_NSID, SYNC_INDEX_RECORD_NSID } from "@atrarium/lexicon";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiResponse, callApi, callAs, serviceJwt } from "./support/api-client.ts";
import { type ApiPipeline, apiPipeline } from "./support/api-pipeline.ts";
import { type Community, createCommunity } from "./support/community-scenario.ts";

const WINDOW_MS = 2000;
const nextWindow = () => new Promise((r) => setTimeout(r, WINDOW_MS + 200));
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
    const res = await callAs(alice.agent, p, SYNC_INDEX_RECORD_NSID, "/xrpc/net.atrarium.sync.indexRecord", {
      body: { uri: community.uri },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await nextWindow();
  }, 90_000);
  afterAll(async () => {
    await p?.close();
  });

  it("limits anonymous calls per IP and resets with the window", async () => {
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await callApi(p.url, stats()));
    expect(seen.map(limits)).toEqual([
      { status: 200, limit: "3", remaining: "2" },
      { status: 200, limit: "3", remaining: "1" },
      { status: 200, limit: "3", remaining: "0" },
      { status: 429, limit: "3", remaining: "0" },
    ]);
    const refused = seen[3];
    expect(refused.body).toMatchObject({ error: "RateLimitExceeded" });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(WINDOW_MS / 1000);
    // A signed-in caller has their own budget meanwhile.
    const signedIn = await callAs(alice.agent, p, COMMUNITY_GET_STATS_NSID, stats());
    expect(limits(signedIn)).toEqual({ status: 200, limit: "3", remaining: "2" });
    await nextWindow();
    expect(limits(await callApi(p.url, stats()))).toEqual({ status: 200, limit: "3", remaining: "2" });
  });

  it("limits signed-in calls per DID", async () => {
    await nextWindow();
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await callAs(alice.agent, p, COMMUNITY_GET_STATS_NSID, stats())).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await callAs(bob.agent, p, COMMUNITY_GET_STATS_NSID, stats())).status).toBe(200);
    await nextWindow();
    expect((await callAs(alice.agent, p, COMMUNITY_GET_STATS_NSID, stats())).status).toBe(200);
  });

  it("charges failed authentication to the IP", async () => {
    await nextWindow();
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
    const third = await asViewer(alice);
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).not.toBeNull();
    expect((await asViewer(bob)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await callApi(p.url, feed)).status).toBe(200);
    await nextWindow();
    expect((await asViewer(alice)).status).toBe(200);
  });
});
