// The scheduled lifecycle sweep through the real Worker (wrangler dev --test-scheduled: a GET of
// /__scheduled is one cron tick), with windows of seconds and a batch of two communities per tick:
// a community nobody reads is marked inactive, then archived, by sweeps alone (the registry-backed
// community.list leaves it out and its pages stay full, and a post lists it again at once); a
// promotion suggestion gets its suggestedAt from the sweep, keeps it, and goes after the owner's
// stage change; the rotating batch reaches more communities than one batch holds.

import type { AtpAgent } from "@atproto/api";
import { COMMUNITY_GET_SUGGESTIONS_NSID, type CommunityGetSuggestionsOutput } from "@atrarium/lexicon";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, callAs, eventually } from "./support/api-client.ts";
import { type ApiPipeline, apiPipeline } from "./support/api-pipeline.ts";
import { type Community, createCommunity, post, waitForFeed } from "./support/community-scenario.ts";

const DAY_S = 24 * 60 * 60;
const INACTIVE_S = 20;
const ARCHIVE_S = 35;
const BATCH = 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("lifecycle sweep", () => {
  let p: ApiPipeline;
  let owner: TestAccount;
  const created: Community[] = [];

  beforeAll(async () => {
    p = await apiPipeline({
      vars: {
        // Every active theme is ready for promotion: the owner alone passes.
        LIFECYCLE_PROMOTE_MEMBERS: "1",
        LIFECYCLE_PROMOTE_ACTIVE_POSTERS: "0",
        LIFECYCLE_PROMOTE_WEEKLY_POSTS: "0",
        LIFECYCLE_INACTIVE_DAYS: String(INACTIVE_S / DAY_S),
        LIFECYCLE_ARCHIVE_DAYS: String(ARCHIVE_S / DAY_S),
        LIFECYCLE_SWEEP_BATCH: String(BATCH),
      },
    });
    owner = await createTestAccount(p.stack.pdsUrl);
  }, 90_000);
  afterAll(async () => {
    await p?.close();
  });

  // One cron tick. The sweep may outlive the request (ctx.waitUntil): a short pause lets it finish,
  // and a tick arriving while one still runs does nothing (the registry's lease).
  const tick = async () => {
    await p.worker.scheduled();
    await sleep(400);
  };
  // A covering number of ticks: every community reached at least once.
  const sweepAll = async () => {
    for (let i = 0; i < 2 * Math.ceil(created.length / BATCH) + 1; i++) await tick();
  };
  // Registered, checked through the feed (not a lifecycle read, which would record a verdict itself).
  const newCommunity = async () => {
    const c = await createCommunity(owner.agent);
    await eventually(
      async () => {
        const url = new URL("/xrpc/app.bsky.feed.getFeedSkeleton", p.url);
        url.searchParams.set("feed", c.feed);
        return (await fetch(url)).ok;
      },
      15_000,
      `community ${c.id} registered`,
    );
    created.push(c);
    return c;
  };
  const suggestions = async (c: Community) => {
    const res = await callAs<CommunityGetSuggestionsOutput>(
      owner.agent,
      p,
      COMMUNITY_GET_SUGGESTIONS_NSID,
      `/xrpc/${COMMUNITY_GET_SUGGESTIONS_NSID}?community=${c.id}`,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const firstListed = async () => {
    const res = await callApi<{ communities: { id: string }[] }>(p.url, "/api/communities?limit=1");
    expect(res.status).toBe(200);
    return res.body.communities.map((v) => v.id);
  };
  const setStage = async (agent: AtpAgent, c: Community, stage: string) => {
    const rkey = c.uri.split("/").pop() as string;
    const repo = agent.assertDid;
    const collection = "net.atrarium.community.config";
    const current = await agent.com.atproto.repo.getRecord({ repo, collection, rkey });
    await agent.com.atproto.repo.putRecord({
      repo,
      collection,
      rkey,
      record: { ...(current.data.value as Record<string, unknown>), stage },
    });
    await eventually(
      async () => {
        const res = await callApi<{ community: { stage: string } }>(p.url, `/api/communities/${c.id}`);
        return res.status === 200 && res.body.community.stage === stage;
      },
      15_000,
      `stage ${stage}`,
    );
  };

  it("marks a community nobody reads inactive, then archived, by sweeps alone", async () => {
    const quiet = await newCommunity();
    const uri = await post(owner.agent, `anyone? ${quiet.hashtag}`);
    await waitForFeed(p.url, quiet.feed, (uris) => uris.includes(uri), 15_000);
    // Nobody asks about it: only ticks, until it would be archived.
    const archiveAt = Date.now() + (ARCHIVE_S + 2) * 1000;
    for (let i = 0; i < ARCHIVE_S * 10 && Date.now() < archiveAt; i++) await tick();
    // A fresh community, newer than the quiet one: the registry leaves the quiet one out, so a page
    // of one holds the fresh one (a filter by each listed community's answer would give an empty page).
    const fresh = await newCommunity();
    await eventually(
      async () => {
        await tick();
        return (await firstListed())[0] === fresh.id;
      },
      15_000,
      "quiet one left out",
    );

    const archived = await suggestions(quiet);
    expect(archived.status).toBe("archived");
    const last = Date.parse(archived.figures.lastActivityAt);
    // Entered when its period ran out, however late a sweep (or read) noticed.
    expect(Date.parse(archived.statusSince as string)).toBe(last + ARCHIVE_S * 1000);
    expect(archived.suggestions).toEqual([]);

    // A post revives it: the registry learns it from the community at once, not at its next sweep.
    const back = await post(owner.agent, `back ${quiet.hashtag}`);
    await waitForFeed(p.url, quiet.feed, (uris) => uris.includes(back), 15_000);
    expect(await firstListed()).toEqual([quiet.id]);
    const revived = await suggestions(quiet);
    expect(revived.status).toBe("active");
    expect(Date.parse(revived.statusSince as string)).toBeGreaterThan(last + ARCHIVE_S * 1000);
  }, 150_000);

  it("records a promotion suggestion's time at the sweep, keeps it, and drops it after the stage change", async () => {
    const theme = await newCommunity();
    const before = Date.now();
    await sweepAll();
    const swept = Date.now();
    await sleep(1_500);
    const first = await suggestions(theme);
    expect(first.status).toBe("active");
    expect(first.suggestions).toHaveLength(1);
    const suggestedAt = Date.parse(first.suggestions[0]?.suggestedAt as string);
    // Recorded by a sweep, before this read.
    expect(suggestedAt).toBeGreaterThanOrEqual(before);
    expect(suggestedAt).toBeLessThanOrEqual(swept);

    await sweepAll();
    const again = await suggestions(theme);
    expect(again.suggestions.map((s) => s.suggestedAt)).toEqual([first.suggestions[0]?.suggestedAt]);

    await setStage(owner.agent, theme, "community");
    await sweepAll();
    expect((await suggestions(theme)).suggestions).toEqual([]);
  }, 90_000);

  it("covers more communities than one batch over several ticks", async () => {
    const fresh = await Promise.all(Array.from({ length: BATCH * 2 + 1 }, () => newCommunity()));
    const before = Date.now();
    await sweepAll();
    const swept = Date.now();
    await sleep(1_500);
    for (const c of fresh) {
      const answer = await suggestions(c);
      const at = Date.parse(answer.suggestions[0]?.suggestedAt as string);
      expect(at, c.id).toBeGreaterThanOrEqual(before);
      expect(at, c.id).toBeLessThanOrEqual(swept);
    }
  }, 90_000);
});
