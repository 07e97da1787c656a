// Who owns a community hashtag. The first config the indexer observed claiming it owns it, by the
// time the stream observed it, never by anything the claimant writes: a squatter who writes a config
// with an early createdAt after the owner wrote theirs does not win, not even when the Worker happens
// to process the squatter's event first; a sync hint cannot claim a hashtag at all; and a rebuild
// from an empty index gives the hashtag to the same owner as before. The Worker's stream is scripted
// (apiPipeline({ jetstream: false })): each case hands it the real Jetstream's events in its order.
import { SYNC_INDEX_RECORD_NSID } from "@atrarium/lexicon";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REBUILD_STATUS_LXM } from "../src/api/method.ts";
import { callApi, callAs, eventually } from "./support/api-client.ts";
import { type ApiPipeline, apiPipeline } from "./support/api-pipeline.ts";
import { type Community, createCommunity, post } from "./support/community-scenario.ts";
import { dropStorage, INDEX_CLASSES } from "./support/drop-index.ts";
import { deliver, ownerOf } from "./support/stream-relay.ts";

const EPOCH = "1970-01-01T00:00:00.000Z";

// getFeedSkeleton for `community`'s feed URI: its post URIs, or the error name.
async function feed(p: ApiPipeline, community: Community): Promise<string[] | string> {
  const res = await callApi<{ feed?: { post: string }[]; error?: string }>(
    p.url,
    `/xrpc/app.bsky.feed.getFeedSkeleton?feed=${encodeURIComponent(community.feed)}`,
  );
  return res.status === 200
    ? (res.body.feed ?? []).map((f) => f.post)
    : (res.body.error ?? String(res.status));
}

describe("hashtag claims", () => {
  let p: ApiPipeline;
  let owner: TestAccount;
  let squatter: TestAccount;
  const hint = (who: TestAccount, uri: string) =>
    callAs(who.agent, p, SYNC_INDEX_RECORD_NSID, "/xrpc/net.atrarium.sync.indexRecord", { body: { uri } });
  // The owner's community, then a squatter's config for the same hashtag, written later but dated 1970.
  const contested = async () => {
    const real = await createCommunity(owner.agent);
    const fake = await createCommunity(squatter.agent, { id: real.id, createdAt: EPOCH });
    return { real, fake };
  };
  const ownedBy = (c: Community, did: string) =>
    eventually(async () => (await ownerOf(p, c.id)) === did, 15_000, `${c.id} owned by ${did}`);

  beforeAll(async () => {
    // No rewind on reconnect: after the restart below only discovery and the rebuild bring data back.
    p = await apiPipeline({ jetstream: false, vars: { RECONNECT_REWIND_SECONDS: "0" } });
    [owner, squatter] = await Promise.all([
      createTestAccount(p.stack.pdsUrl),
      createTestAccount(p.stack.pdsUrl),
    ]);
  }, 90_000);
  afterAll(async () => {
    await p?.close();
  });

  it("gives the hashtag to the config the stream saw first, even if a backdated later one is processed first", async () => {
    const { real, fake } = await contested();
    const [squatterSeenAt] = await deliver(p, fake.uri);
    await ownedBy(fake, squatter.did);
    // The owner's event comes late (a retry, another consumer), but the stream saw it first.
    const [ownerSeenAt] = await deliver(p, real.uri);
    expect(ownerSeenAt).toBeLessThan(squatterSeenAt);
    await ownedBy(real, owner.did);
    await eventually(async () => Array.isArray(await feed(p, real)), 15_000, "the owner's feed answers");
    expect(await feed(p, fake)).toBe("UnknownFeed");
    const uri = await post(owner.agent, `mine ${real.hashtag}`);
    await deliver(p, uri);
    await eventually(async () => (await feed(p, real)).includes(uri), 15_000, "the owner's post in the feed");
  });

  it("lets no sync hint claim a hashtag ahead of the stream", async () => {
    const { real, fake } = await contested();
    const hinted = await hint(squatter, fake.uri);
    expect(hinted.status, JSON.stringify(hinted.body)).toBe(200);
    expect(hinted.body).toMatchObject({ uri: fake.uri, status: "ignored" });
    expect(await ownerOf(p, real.id)).toBeNull();
    // Not even the owner's own hint claims: only the stream does.
    expect((await hint(owner, real.uri)).body).toMatchObject({ status: "ignored" });
    expect(await ownerOf(p, real.id)).toBeNull();
    await deliver(p, real.uri, fake.uri);
    await ownedBy(real, owner.did);
    expect(Array.isArray(await feed(p, real))).toBe(true);
    expect(await feed(p, fake)).toBe("UnknownFeed");
    // Once the owner's config holds the hashtag, a hint may update it.
    expect((await hint(owner, real.uri)).body).toMatchObject({ status: "indexed" });
    expect((await hint(squatter, fake.uri)).body).toMatchObject({ status: "ignored" });
    expect(await ownerOf(p, real.id)).toBe(owner.did);
  });

  it("keeps the original owner through a rebuild from an empty index", async () => {
    const { real, fake } = await contested();
    // Out of order, as in the first case: the registry's decision is the owner's config.
    await deliver(p, fake.uri);
    await ownedBy(fake, squatter.did);
    await deliver(p, real.uri);
    await ownedBy(real, owner.did);
    const uri = await post(owner.agent, `before the rebuild ${real.hashtag}`);
    await deliver(p, uri);
    await eventually(async () => (await feed(p, real)).includes(uri), 15_000, "the owner's post in the feed");

    // The index is lost (communities, placements, sync and discovery state); the registry is kept.
    await p.worker.kill();
    expect(dropStorage(p.worker.persistTo)).toEqual([...INDEX_CLASSES].sort());
    await p.worker.start();
    await callApi(p.url, "/xrpc/_health");

    // Discovery finds both configs again (the squatter's dated 1970) and the community is rebuilt.
    await eventually(async () => (await feed(p, real)).includes(uri), 60_000, "the owner's feed rebuilt");
    const rebuilt = await callAs<{ rebuild: { state: string; counts?: { applied: number } } }>(
      owner.agent,
      p,
      REBUILD_STATUS_LXM,
      `/api/communities/${real.id}/rebuild`,
    );
    expect(rebuilt.body.rebuild).toMatchObject({ state: "complete" });
    expect(rebuilt.body.rebuild.counts?.applied).toBeGreaterThanOrEqual(2);
    expect(await ownerOf(p, real.id)).toBe(owner.did);
    expect(await feed(p, fake)).toBe("UnknownFeed");
    expect((await hint(squatter, fake.uri)).body).toMatchObject({ status: "ignored" });
    expect(await ownerOf(p, real.id)).toBe(owner.did);
  });
});
