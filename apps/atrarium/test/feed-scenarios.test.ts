// Community feed scenarios through the real pipeline: users write into their own repos on our PDS,
// Jetstream streams the commits, the Worker (wrangler dev / workerd) indexes them, and the test
// observes only through getFeedSkeleton over HTTP.
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { publishFeedGenerator } from "../scripts/publish-feed.ts";
import {
  type Community,
  createCommunity,
  feedUris,
  join,
  moderate,
  post,
  settle,
  waitForFeed,
} from "./support/community-scenario.ts";

const { pdsUrl, workerUrl } = inject("devnet");
const has = (uri: string) => (uris: string[]) => uris.includes(uri);
const lacks = (uri: string) => (uris: string[]) => !uris.includes(uri);

describe("community feed", () => {
  let owner: TestAccount;
  let member: TestAccount;
  let outsider: TestAccount;
  let community: Community;
  beforeAll(async () => {
    [owner, member, outsider] = await Promise.all([
      createTestAccount(pdsUrl),
      createTestAccount(pdsUrl),
      createTestAccount(pdsUrl),
    ]);
    community = await createCommunity(owner.agent);
    await join(member.agent, community);
  });

  it("shows a member's post tagged in text, in a facet, in tags, and in upper case", async () => {
    const inText = await post(member.agent, `hello ${community.hashtag}`);
    const upper = await post(member.agent, `shout ${community.hashtag.toUpperCase()}`);
    const inTags = await post(member.agent, "tags only", { tags: [`atrarium_${community.id}`] });
    const inFacet = await member.agent.com.atproto.repo.createRecord({
      repo: member.did,
      collection: "app.bsky.feed.post",
      record: {
        $type: "app.bsky.feed.post",
        text: "facet only",
        facets: [
          {
            index: { byteStart: 0, byteEnd: 5 },
            features: [{ $type: "app.bsky.richtext.facet#tag", tag: `atrarium_${community.id}` }],
          },
        ],
        createdAt: new Date().toISOString(),
      },
    });
    const uris = await waitForFeed(workerUrl, community.feed, (u) =>
      [inText, upper, inTags, inFacet.data.uri].every((x) => u.includes(x)),
    );
    // Newest first.
    expect(uris.indexOf(inFacet.data.uri)).toBeLessThan(uris.indexOf(inText));
  });

  it("hides a non-member's post until the author joins", async () => {
    const early = await post(outsider.agent, `let me in ${community.hashtag}`);
    const uris = await settle(owner.agent, workerUrl, community);
    expect(uris).not.toContain(early);
    await join(outsider.agent, community);
    await waitForFeed(workerUrl, community.feed, has(early));
  });

  it("follows edits and deletes", async () => {
    const uri = await post(member.agent, `editable ${community.hashtag}`);
    await waitForFeed(workerUrl, community.feed, has(uri));
    const rkey = uri.split("/").pop() as string;
    await member.agent.com.atproto.repo.putRecord({
      repo: member.did,
      collection: "app.bsky.feed.post",
      rkey,
      record: { $type: "app.bsky.feed.post", text: "tag removed", createdAt: new Date().toISOString() },
    });
    await waitForFeed(workerUrl, community.feed, lacks(uri));
    await member.agent.com.atproto.repo.putRecord({
      repo: member.did,
      collection: "app.bsky.feed.post",
      rkey,
      record: {
        $type: "app.bsky.feed.post",
        text: `tag back ${community.hashtag}`,
        createdAt: new Date().toISOString(),
      },
    });
    await waitForFeed(workerUrl, community.feed, has(uri));
    await member.agent.com.atproto.repo.deleteRecord({
      repo: member.did,
      collection: "app.bsky.feed.post",
      rkey,
    });
    await waitForFeed(workerUrl, community.feed, lacks(uri));
  });

  it("lets the owner and a listed moderator hide and unhide a post", async () => {
    const mod = await createTestAccount(pdsUrl);
    const modded = await createCommunity(owner.agent, { moderators: [mod.did] });
    await join(member.agent, modded);
    const uri = await post(member.agent, `hide me ${modded.hashtag}`);
    await waitForFeed(workerUrl, modded.feed, has(uri));
    await moderate(owner.agent, modded, "hide_post", uri);
    await waitForFeed(workerUrl, modded.feed, lacks(uri));
    await moderate(mod.agent, modded, "unhide_post", uri);
    await waitForFeed(workerUrl, modded.feed, has(uri));
    await moderate(mod.agent, modded, "hide_post", uri);
    await waitForFeed(workerUrl, modded.feed, lacks(uri));
  });

  it("ignores a non-moderator's action and a self-asserted owner role", async () => {
    const uri = await post(member.agent, `keep me ${community.hashtag}`);
    await waitForFeed(workerUrl, community.feed, has(uri));
    const pretender = await createTestAccount(pdsUrl);
    await join(pretender.agent, community, "owner");
    await moderate(pretender.agent, community, "hide_post", uri);
    await moderate(member.agent, community, "hide_post", uri);
    const uris = await settle(owner.agent, workerUrl, community);
    expect(uris).toContain(uri);
  });

  it("blocks and unblocks a member", async () => {
    const uri = await post(member.agent, `blockable ${community.hashtag}`);
    await waitForFeed(workerUrl, community.feed, has(uri));
    await moderate(owner.agent, community, "block_user", member.did);
    await waitForFeed(workerUrl, community.feed, (u) => !u.some((x) => x.startsWith(`at://${member.did}/`)));
    await moderate(owner.agent, community, "unblock_user", member.did);
    await waitForFeed(workerUrl, community.feed, has(uri));
  });

  it("keeps the first config that claimed a hashtag", async () => {
    const other = await createTestAccount(pdsUrl);
    const copycat = await createCommunity(other.agent, { id: community.id });
    await settle(owner.agent, workerUrl, community);
    const res = await fetch(
      `${workerUrl}/xrpc/app.bsky.feed.getFeedSkeleton?feed=${encodeURIComponent(copycat.feed)}`,
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "UnknownFeed" });
    expect((await feedUris(workerUrl, community.feed)).length).toBeGreaterThan(0);
  });

  it("pages with a cursor without skipping or repeating while posts arrive", async () => {
    const paged = await createCommunity(owner.agent);
    const uris: string[] = [];
    for (let i = 0; i < 12; i++) uris.push(await post(owner.agent, `page ${i} ${paged.hashtag}`));
    await waitForFeed(workerUrl, paged.feed, (u) => uris.every((x) => u.includes(x)));
    const seen: string[] = [];
    let cursor: string | undefined;
    let round = 0;
    do {
      const url = new URL("/xrpc/app.bsky.feed.getFeedSkeleton", workerUrl);
      url.searchParams.set("feed", paged.feed);
      url.searchParams.set("limit", "5");
      if (cursor) url.searchParams.set("cursor", cursor);
      const body = (await (await fetch(url)).json()) as { feed: { post: string }[]; cursor?: string };
      seen.push(...body.feed.map((f) => f.post));
      cursor = body.cursor;
      if (round++ === 0) await post(owner.agent, `arrives mid-paging ${paged.hashtag}`);
    } while (cursor && round < 10);
    expect(seen.filter((u) => uris.includes(u))).toEqual([...uris].reverse());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("serves a feed published with the publish script, and lists it in describeFeedGenerator", async () => {
    const did = (await (await fetch(`${workerUrl}/.well-known/did.json`)).json()) as {
      id: string;
      service: { id: string }[];
    };
    expect(did.service.map((s) => s.id)).toEqual(["#bsky_fg", "#atrarium_api"]);
    const published = await createCommunity(owner.agent);
    const uri = await publishFeedGenerator({
      agent: owner.agent,
      communityId: published.id,
      serviceDid: did.id,
      displayName: "Published test feed",
    });
    expect(uri).toBe(published.feed);
    const record = await owner.agent.com.atproto.repo.getRecord({
      repo: owner.did,
      collection: "app.bsky.feed.generator",
      rkey: published.id,
    });
    expect((record.data.value as { did: string }).did).toBe(did.id);
    const postUri = await post(owner.agent, `published ${published.hashtag}`);
    await waitForFeed(workerUrl, uri, has(postUri));
    const described = (await (
      await fetch(`${workerUrl}/xrpc/app.bsky.feed.describeFeedGenerator`)
    ).json()) as {
      did: string;
      feeds: { uri: string }[];
    };
    expect(described.did).toBe(did.id);
    expect(described.feeds.map((f) => f.uri)).toContain(uri);
  });

  it("does not let a future-dated post pin itself above newer posts", async () => {
    const future = await post(member.agent, `from the future ${community.hashtag}`, {
      createdAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
    });
    await waitForFeed(workerUrl, community.feed, has(future));
    const later = await post(member.agent, `written later ${community.hashtag}`);
    const uris = await waitForFeed(workerUrl, community.feed, has(later));
    expect(uris.indexOf(later)).toBeLessThan(uris.indexOf(future));
  });

  it("answers bad parameters with XRPC errors", async () => {
    const bad = async (query: string) => {
      const res = await fetch(`${workerUrl}/xrpc/app.bsky.feed.getFeedSkeleton?${query}`);
      return { status: res.status, body: (await res.json()) as { error: string } };
    };
    expect(await bad("")).toMatchObject({ status: 400, body: { error: "InvalidRequest" } });
    expect(await bad(`feed=${encodeURIComponent(community.feed)}&limit=0`)).toMatchObject({
      status: 400,
      body: { error: "InvalidRequest" },
    });
    expect(await bad(`feed=${encodeURIComponent(community.feed)}&limit=101`)).toMatchObject({ status: 400 });
    expect(await bad(`feed=${encodeURIComponent(community.feed)}&cursor=garbage`)).toMatchObject({
      status: 400,
      body: { error: "InvalidRequest" },
    });
    expect(await bad("feed=at://did:plc:nobody/app.bsky.feed.generator/00000000")).toMatchObject({
      status: 400,
      body: { error: "UnknownFeed" },
    });
  });
});
