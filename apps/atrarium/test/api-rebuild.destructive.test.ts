// Rebuild from the network. A first Worker builds its index from the stream while users write a
// community with members who join, leave, get blocked, and 20+ posts that are edited, deleted, hidden
// and unhidden. A second Worker then starts with an empty index at cursor "now" (its stream is a
// scripted Jetstream, so only the rebuild can do the work): it discovers the community through the
// relay, rebuilds it from the PDS, reports what it fetched, and serves the same ordered API answers.
// An old event replayed afterwards cannot resurrect a post deleted before the rebuild.
import { randomBytes } from "node:crypto";
import { COMMUNITY_GET_VIEWER_STATE_NSID, MODERATION_LIST_ACTIONS_NSID } from "@atrarium/lexicon";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REBUILD_STATUS_LXM } from "../src/api/method.ts";
import { callApi, callAs, eventually } from "./support/api-client.ts";
import { type ApiPipeline, apiPipeline, LAX_LIMITS } from "./support/api-pipeline.ts";
import { type Community, createCommunity, join, moderate, post } from "./support/community-scenario.ts";
import { type FakeJetstream, fakeJetstream } from "./support/fake-jetstream.ts";
import { type PrivateWorker, privateWorker } from "./support/private-worker.ts";

const POST = "app.bsky.feed.post";
const rkeyOf = (uri: string) => uri.split("/").pop() as string;

interface Target {
  url: string;
  did: string;
}

// Every answer a dashboard can get about the community, all pages, in order.
async function dump(w: Target, community: Community, people: TestAccount[], owner: TestAccount) {
  const get = async (path: string) => {
    const res = await callApi(w.url, path);
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
    return res.body;
  };
  const pages = async (path: string, key: string) => {
    const all: unknown[] = [];
    let cursor: string | undefined;
    for (let round = 0; round < 50; round++) {
      const body = await get(
        `${path}${path.includes("?") ? "&" : "?"}limit=3${cursor ? `&cursor=${cursor}` : ""}`,
      );
      all.push(...(body[key] as unknown[]));
      cursor = body.cursor as string | undefined;
      if (!cursor) return all;
    }
    throw new Error("too many pages");
  };
  const base = `/api/communities/${community.id}`;
  const actions = await callAs(
    owner.agent,
    w,
    MODERATION_LIST_ACTIONS_NSID,
    `/api/moderation/actions?community=${community.id}`,
  );
  const viewers = [];
  for (const who of people)
    viewers.push((await callAs(who.agent, w, COMMUNITY_GET_VIEWER_STATE_NSID, `${base}/me`)).body);
  return {
    list: await get("/api/communities"),
    community: await get(base),
    members: await pages(`${base}/members`, "members"),
    feed: await pages(`${base}/feed`, "posts"),
    stats: await get(`${base}/stats`),
    actions: actions.body,
    viewers,
  };
}

describe("rebuild from the network", () => {
  let p: ApiPipeline;
  let second: PrivateWorker;
  let secondTarget: Target;
  let silent: FakeJetstream;
  let owner: TestAccount;
  let people: TestAccount[];
  let community: Community;
  let deletedPost: { uri: string; rev: string; record: Record<string, unknown> };
  const visible: string[] = [];

  beforeAll(async () => {
    p = await apiPipeline();
    const accounts = await Promise.all(Array.from({ length: 8 }, () => createTestAccount(p.stack.pdsUrl)));
    [owner] = accounts;
    const [, mod, stays, leaves, blocked, quitter, pretender, outsider] = accounts;
    people = accounts;
    community = await createCommunity(owner.agent, { moderators: [mod.did] });
    const membership: Record<string, string> = {};
    for (const who of [stays, leaves, blocked, quitter])
      membership[who.did] = await join(who.agent, community);
    await join(pretender.agent, community, "owner");
    const tag = community.hashtag;
    const write = async (who: TestAccount, text: string) => {
      const createdAt = new Date().toISOString();
      const res = await who.agent.com.atproto.repo.createRecord({
        repo: who.did,
        collection: POST,
        record: { $type: POST, text, createdAt },
      });
      return {
        uri: res.data.uri,
        rev: res.data.commit?.rev as string,
        record: { $type: POST, text, createdAt },
      };
    };
    const edit = (who: TestAccount, p: { uri: string; record: Record<string, unknown> }, text: string) =>
      who.agent.com.atproto.repo.putRecord({
        repo: who.did,
        collection: POST,
        rkey: rkeyOf(p.uri),
        record: { ...p.record, text },
      });
    const remove = (who: TestAccount, uri: string, collection = POST) =>
      who.agent.com.atproto.repo.deleteRecord({ repo: who.did, collection, rkey: rkeyOf(uri) });

    const posts: Record<string, Awaited<ReturnType<typeof write>>[]> = {};
    for (const who of [owner, mod, stays, leaves, blocked, quitter, pretender, outsider]) {
      posts[who.did] = [];
      for (let i = 0; i < 3; i++) posts[who.did].push(await write(who, `${who.handle} #${i} ${tag}`));
    }
    const [s0, s1, s2] = posts[stays.did];
    await edit(stays, s0, `edited ${tag}`); // stays, with new text
    await edit(stays, s1, "edited, no longer tagged"); // leaves the feed
    deletedPost = s2;
    await remove(stays, s2.uri); // deleted
    await remove(owner, posts[owner.did][2].uri);
    const [m0, m1] = posts[mod.did];
    await moderate(owner.agent, community, "hide_post", m0.uri);
    await moderate(mod.agent, community, "unhide_post", m0.uri); // hidden, then unhidden
    await moderate(mod.agent, community, "hide_post", m1.uri); // stays hidden
    const undone = await moderate(owner.agent, community, "hide_post", posts[pretender.did][0].uri);
    await remove(owner, undone, "net.atrarium.moderation.action"); // a retracted action
    await moderate(pretender.agent, community, "hide_post", posts[owner.did][0].uri); // counts for nothing
    await moderate(owner.agent, community, "block_user", blocked.did);
    await leaves.agent.com.atproto.repo.putRecord({
      repo: leaves.did,
      collection: "net.atrarium.community.membership",
      rkey: rkeyOf(membership[leaves.did]),
      record: {
        $type: "net.atrarium.community.membership",
        community: community.uri,
        role: "member",
        joinedAt: new Date().toISOString(),
        active: false,
      },
    });
    await remove(quitter, membership[quitter.did], "net.atrarium.community.membership");
    const marker = await post(owner.agent, `marker ${randomBytes(3).toString("hex")} ${tag}`);
    visible.push(
      posts[owner.did][0].uri,
      posts[owner.did][1].uri,
      m0.uri,
      posts[mod.did][2].uri,
      s0.uri,
      ...posts[pretender.did].map((x) => x.uri),
      marker,
    );
    // The stream-built index settles: the marker is in and two snapshots a second apart agree.
    let previous = "";
    await eventually(
      async () => {
        const snapshot = JSON.stringify(
          (await callApi(p.url, `/api/communities/${community.id}/feed?limit=100`)).body,
        );
        const settled = snapshot.includes(marker) && snapshot === previous;
        previous = snapshot;
        if (!settled) await new Promise((r) => setTimeout(r, 1000));
        return settled;
      },
      30_000,
      "stream-built index settled",
    );

    silent = await fakeJetstream();
    second = await privateWorker(silent.url, {
      ...LAX_LIMITS,
      PLC_URL: p.stack.plcUrl,
      RELAY_URL: (p.stack.jetstreamUrl as string).replace(/^ws/, "http"),
      START_CURSOR: "now",
    });
    secondTarget = { url: second.url, did: `did:web:localhost%3A${new URL(second.url).port}` };
  }, 120_000);
  afterAll(async () => {
    await second?.stop();
    await silent?.close();
    await p?.close();
  });

  it("builds the expected feed from the stream", async () => {
    const { body } = await callApi<{ posts: { uri: string; text: string }[] }>(
      p.url,
      `/api/communities/${community.id}/feed?limit=100`,
    );
    expect(body.posts.map((x) => x.uri).sort()).toEqual([...visible].sort());
    expect(body.posts.find((x) => x.text.startsWith("edited"))?.text).toBe(`edited ${community.hashtag}`);
  });

  it("rebuilds an empty Worker from the network with equal ordered answers", async () => {
    await callApi(second.url, "/xrpc/_health");
    const status = await eventually(
      async () => {
        const res = await callAs<{ rebuild: { state: string; counts?: Record<string, number> } }>(
          owner.agent,
          secondTarget,
          REBUILD_STATUS_LXM,
          `/api/communities/${community.id}/rebuild`,
        );
        return res.status === 200 && res.body.rebuild.state === "complete" ? res.body.rebuild : null;
      },
      60_000,
      "rebuild complete",
    );
    console.log(`rebuild fetched ${JSON.stringify(status.counts)}`);
    expect(status.counts?.fetched).toBeGreaterThanOrEqual(24);
    expect(status.counts?.applied).toBeGreaterThanOrEqual(visible.length);
    const fromStream = await dump(p, community, people, owner);
    const rebuilt = await dump(secondTarget, community, people, owner);
    expect(rebuilt).toEqual(fromStream);
    expect(fromStream.community.stale).toBe(false);
    expect((fromStream.feed as { uri: string }[]).map((x) => x.uri).sort()).toEqual([...visible].sort());
  });

  it("ignores an old event replayed after the rebuild", async () => {
    const author = deletedPost.uri.split("/")[2];
    const processed = async () => {
      const text = await second.metrics();
      return Number(/^atrarium_queue_processed_total (\d+)/m.exec(text)?.[1] ?? 0);
    };
    const before = await processed();
    silent.send([
      JSON.stringify({
        did: author,
        time_us: Date.now() * 1000,
        kind: "commit",
        commit: {
          rev: deletedPost.rev,
          operation: "create",
          collection: POST,
          rkey: rkeyOf(deletedPost.uri),
          record: deletedPost.record,
          cid: "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm",
        },
      }),
    ]);
    await eventually(async () => (await processed()) > before, 15_000, "replayed event processed");
    const { body } = await callApi<{ posts: { uri: string }[] }>(
      second.url,
      `/api/communities/${community.id}/feed?limit=100`,
    );
    expect(body.posts.map((x) => x.uri)).not.toContain(deletedPost.uri);
  });
});
