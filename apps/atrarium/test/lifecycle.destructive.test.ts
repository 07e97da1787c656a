// Community lifecycle through the real Worker (wrangler dev) with small thresholds and windows of
// seconds: a busy theme gets a promotion suggestion that goes once its owner sets the stage in their
// own config; a community past the growth threshold is told to split; a quiet one turns inactive, then
// archived (gone from community.list, still readable by id, its feed still served), and a new post
// revives it. Only staff see suggestions.

import type { AtpAgent } from "@atproto/api";
import { COMMUNITY_GET_SUGGESTIONS_NSID, type CommunityGetSuggestionsOutput } from "@atrarium/lexicon";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, callAs, eventually } from "./support/api-client.ts";
import { type ApiPipeline, apiPipeline } from "./support/api-pipeline.ts";
import { type Community, createCommunity, join, post, waitForFeed } from "./support/community-scenario.ts";

const DAY_S = 24 * 60 * 60;
const INACTIVE_S = 10;
const ARCHIVE_S = 20;

interface CommunityView {
  id: string;
  stage: string;
  status?: string;
}

describe("community lifecycle", () => {
  let p: ApiPipeline;
  let owner: TestAccount;
  let alice: TestAccount;
  let bob: TestAccount;

  beforeAll(async () => {
    p = await apiPipeline({
      vars: {
        LIFECYCLE_PROMOTE_MEMBERS: "3",
        LIFECYCLE_PROMOTE_ACTIVE_POSTERS: "2",
        LIFECYCLE_PROMOTE_WEEKLY_POSTS: "3",
        LIFECYCLE_GROWTH_WARNING_MEMBERS: "2",
        LIFECYCLE_INACTIVE_DAYS: String(INACTIVE_S / DAY_S),
        LIFECYCLE_ARCHIVE_DAYS: String(ARCHIVE_S / DAY_S),
      },
    });
    [owner, alice, bob] = await Promise.all(
      Array.from({ length: 3 }, () => createTestAccount(p.stack.pdsUrl)),
    );
  }, 90_000);
  afterAll(async () => {
    await p?.close();
  });

  const suggestionsAs = (who: TestAccount, c: Community) =>
    callAs<CommunityGetSuggestionsOutput>(
      who.agent,
      p,
      COMMUNITY_GET_SUGGESTIONS_NSID,
      `/xrpc/${COMMUNITY_GET_SUGGESTIONS_NSID}?community=${c.id}`,
    );
  const suggestions = async (c: Community) => {
    const res = await suggestionsAs(owner, c);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const getCommunity = async (c: Community) => {
    const res = await callApi<{ community: CommunityView }>(p.url, `/api/communities/${c.id}`);
    return res.status === 200 ? res.body.community : null;
  };
  const listed = async () => {
    const res = await callApi<{ communities: CommunityView[] }>(p.url, "/api/communities?limit=100");
    expect(res.status).toBe(200);
    return res.body.communities;
  };
  // Posts and waits until the Worker's feed serves the post.
  const postIn = async (who: TestAccount, c: Community, text: string) => {
    const uri = await post(who.agent, `${text} ${c.hashtag}`);
    await waitForFeed(p.url, c.feed, (uris) => uris.includes(uri), 15_000);
    return uri;
  };
  const joinAndWait = async (who: TestAccount, c: Community, members: number) => {
    await join(who.agent, c);
    await eventually(async () => (await suggestions(c)).figures.members >= members, 15_000, "membership");
  };
  // The owner changes the stage in their own config record (what community.update writes).
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
    await eventually(async () => (await getCommunity(c))?.stage === stage, 15_000, `stage ${stage}`);
  };

  it("suggests promoting a busy theme, and stops once the owner set the stage to community", async () => {
    const c = await createCommunity(owner.agent);
    await joinAndWait(alice, c, 2);
    await postIn(owner, c, "first");
    await postIn(alice, c, "second");
    // Two members, two posters, two posts: short of three members and three posts.
    expect((await suggestions(c)).suggestions).toEqual([]);

    await joinAndWait(bob, c, 3);
    await postIn(bob, c, "third");
    const ready = await suggestions(c);
    expect(ready.status).toBe("active");
    expect(ready.figures).toMatchObject({ members: 3, activePosters: 3, postsLast7Days: 3 });
    expect(ready.suggestions).toEqual([
      { kind: "promote", members: 3, activePosters: 3, postsLast7Days: 3, suggestedAt: expect.any(String) },
    ]);

    // The Worker changed nothing itself.
    expect((await getCommunity(c))?.stage).toBe("theme");
    await setStage(owner.agent, c, "community");
    await postIn(alice, c, "still busy");
    const after = await suggestions(c);
    expect(after.status).toBe("active");
    // Promoted: no promotion left, and with three members over a threshold of two, a growth warning.
    expect(after.suggestions).toEqual([
      { kind: "split", members: 3, threshold: 2, suggestedAt: expect.any(String) },
    ]);
  }, 90_000);

  it("warns a community above the growth threshold, and shows suggestions to staff only", async () => {
    const c = await createCommunity(owner.agent);
    await setStage(owner.agent, c, "community");
    await joinAndWait(alice, c, 2);
    await postIn(alice, c, "hello");
    expect((await suggestions(c)).suggestions).toEqual([]);
    await joinAndWait(bob, c, 3);
    await postIn(bob, c, "hello too");
    expect((await suggestions(c)).suggestions).toEqual([
      { kind: "split", members: 3, threshold: 2, suggestedAt: expect.any(String) },
    ]);

    const asMember = await suggestionsAs(alice, c);
    expect(asMember.status).toBe(403);
    expect(asMember.body).toMatchObject({ error: "Forbidden" });
    const anonymous = await callApi(p.url, `/xrpc/${COMMUNITY_GET_SUGGESTIONS_NSID}?community=${c.id}`);
    expect(anonymous.status).toBe(401);
  }, 90_000);

  it("marks a quiet community inactive, then archived (hidden from the list, still readable), and a post revives it", async () => {
    const c = await createCommunity(owner.agent);
    const first = await postIn(owner, c, "anyone here?");
    expect((await getCommunity(c))?.status).toBe("active");
    expect((await listed()).find((v) => v.id === c.id)?.status).toBe("active");

    await eventually(
      async () => (await getCommunity(c))?.status === "inactive",
      (INACTIVE_S + 5) * 1000,
      "inactive",
    );
    // Inactive communities stay listed, marked.
    expect((await listed()).find((v) => v.id === c.id)?.status).toBe("inactive");
    expect((await suggestions(c)).status).toBe("inactive");

    await eventually(
      async () => (await getCommunity(c))?.status === "archived",
      ARCHIVE_S * 1000,
      "archived",
    );
    expect((await listed()).map((v) => v.id)).not.toContain(c.id);
    expect(await waitForFeed(p.url, c.feed, (uris) => uris.includes(first))).toContain(first);

    await postIn(owner, c, "back again");
    expect((await getCommunity(c))?.status).toBe("active");
    expect((await listed()).find((v) => v.id === c.id)?.status).toBe("active");
  }, 90_000);
});
