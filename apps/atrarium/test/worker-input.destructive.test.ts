// Input the real Jetstream never sends (garbage, oversized events) and records that break the
// net.atrarium rules are counted and skipped, visible on /metrics; records that name a community
// before its config has arrived are kept and applied once it does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitForFeed } from "./support/community-scenario.ts";
import { type FakeJetstream, fakeJetstream } from "./support/fake-jetstream.ts";
import { type PrivateWorker, privateWorker } from "./support/private-worker.ts";

const OWNER = "did:plc:ownerownerownerownerown1";
const MEMBER = "did:plc:membermembermembermember";
const ID = "cafe0123";
const CONFIG_URI = `at://${OWNER}/net.atrarium.community.config/3kconfig22222`;
let t = Date.now() * 1000;
const commit = (did: string, collection: string, rkey: string, record: Record<string, unknown>) =>
  JSON.stringify({
    did,
    time_us: ++t,
    kind: "commit",
    commit: {
      rev: `3l${(t % 1e11).toString(36).padStart(11, "a")}`,
      operation: "create",
      collection,
      rkey,
      record,
      cid: "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm",
    },
  });

async function metric(worker: PrivateWorker, name: string): Promise<number> {
  const text = await worker.metrics();
  const m = new RegExp(`^${name} (\\S+)$`, "m").exec(text);
  return m ? Number(m[1]) : 0;
}

async function waitForMetric(worker: PrivateWorker, name: string, atLeast: number) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if ((await metric(worker, name)) >= atLeast) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not reach ${atLeast}: ${await metric(worker, name)}`);
}

describe("malformed, oversized, invalid and early events", () => {
  let upstream: FakeJetstream;
  let worker: PrivateWorker;
  beforeAll(async () => {
    upstream = await fakeJetstream();
    worker = await privateWorker(upstream.url);
    await fetch(`${worker.url}/xrpc/_health`);
  }, 90_000);
  afterAll(async () => {
    await worker?.stop();
    await upstream?.close();
  });

  it("counts and skips garbage and oversized events, and keeps serving", async () => {
    const created = new Date().toISOString();
    upstream.send([
      "this is not json",
      JSON.stringify({ hello: "world" }),
      commit(MEMBER, "app.bsky.feed.post", "3kbig2222222", {
        text: `#atrarium_${ID} ${"x".repeat(200_000)}`,
        createdAt: created,
      }),
      commit(OWNER, "net.atrarium.community.config", "3kbadcfg22222", {
        name: "bad",
        hashtag: "#atrarium_NOTHEX!!",
        stage: "theme",
        feedMix: { own: 80, parent: 15, global: 5 },
        moderators: [],
        createdAt: created,
      }),
    ]);
    await waitForMetric(worker, "atrarium_events_malformed_total", 2);
    await waitForMetric(worker, "atrarium_events_oversized_total", 1);
    await waitForMetric(worker, "atrarium_records_invalid_total", 1);
    expect((await fetch(`${worker.url}/xrpc/_health`)).status).toBe(200);
  });

  it("applies a membership and a post that arrive before their community's config", async () => {
    const created = new Date().toISOString();
    const postUri = `at://${MEMBER}/app.bsky.feed.post/3kearlypost22`;
    const processedBefore = await metric(worker, "atrarium_queue_processed_total");
    upstream.send([
      commit(MEMBER, "net.atrarium.community.membership", "3kmember22222", {
        community: CONFIG_URI,
        role: "member",
        joinedAt: created,
        active: true,
      }),
      commit(MEMBER, "app.bsky.feed.post", "3kearlypost22", {
        text: `early bird #atrarium_${ID}`,
        createdAt: created,
      }),
    ]);
    // Both processed (parked, as no config claims the hashtag yet), and nothing shows.
    await waitForMetric(worker, "atrarium_queue_processed_total", processedBefore + 2);
    const feedRes = await fetch(
      `${worker.url}/xrpc/app.bsky.feed.getFeedSkeleton?feed=at://${OWNER}/app.bsky.feed.generator/${ID}`,
    );
    expect(feedRes.status).toBe(400);
    upstream.send([
      commit(OWNER, "net.atrarium.community.config", "3kconfig22222", {
        name: "Late config",
        hashtag: `#atrarium_${ID}`,
        stage: "theme",
        feedMix: { own: 80, parent: 15, global: 5 },
        moderators: [],
        createdAt: created,
      }),
    ]);
    await waitForFeed(
      worker.url,
      `at://${OWNER}/app.bsky.feed.generator/${ID}`,
      (u) => u.includes(postUri),
      15_000,
    );
  });
});
