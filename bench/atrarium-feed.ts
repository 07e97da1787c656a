// Atrarium benchmarks: post -> visible in getFeedSkeleton through the whole pipeline (PDS, Jetstream,
// Worker under wrangler dev), and getFeedSkeleton latency with 100k posts in one community (fed to
// the Worker by a scripted Jetstream, since only the read path is measured there).
import { startInProcessStack } from "@atrarium/devnet";
import { createTestAccount } from "@atrarium/testkit";
import { createCommunity, join, post } from "../apps/atrarium/test/support/community-scenario.ts";
import { fakeJetstream } from "../apps/atrarium/test/support/fake-jetstream.ts";
import { privateWorker } from "../apps/atrarium/test/support/private-worker.ts";

export const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function visible(workerUrl: string, feed: string, uri: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const url = `${workerUrl}/xrpc/app.bsky.feed.getFeedSkeleton?feed=${encodeURIComponent(feed)}&limit=5`;
  while (Date.now() < deadline) {
    const body = (await (await fetch(url)).json()) as { feed?: { post: string }[] };
    if (body.feed?.some((f) => f.post === uri)) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
}

export async function postToVisible(posts: number): Promise<{ p50: number; p95: number }> {
  const stack = await startInProcessStack({ jetstream: true });
  const worker = await privateWorker(stack.jetstreamUrl as string);
  try {
    const owner = await createTestAccount(stack.pdsUrl);
    const member = await createTestAccount(stack.pdsUrl);
    const community = await createCommunity(owner.agent);
    await join(member.agent, community);
    const times: number[] = [];
    for (let i = 0; i < posts + 5; i++) {
      const start = performance.now();
      const uri = await post(member.agent, `freshness ${i} ${community.hashtag}`);
      if (!(await visible(worker.url, community.feed, uri, 10_000)))
        throw new Error(`post ${i} never became visible`);
      if (i >= 5) times.push(performance.now() - start); // the first few warm the pipeline
    }
    return { p50: percentile(times, 50), p95: percentile(times, 95) };
  } finally {
    await worker.stop();
    await stack.close();
  }
}

export interface FeedSkeletonFigures {
  p50: number;
  p95: number;
  // A child of that community mixing 80/15/5 (its own posts, the 100k-post parent's, the global pool).
  mixedP50: number;
  mixedP95: number;
  ingestPerSec: number;
  healthP50: number;
}

// Communities as the Jetstream delivers them: a config, members, posts with its hashtag.
function communityEvents(
  ev: (did: string, collection: string, rkey: string, record: object) => string,
  c: { owner: string; id: string; configRkey: string; posts: number; feedMix: object; parent?: string },
  members: string[],
): string[] {
  const created = new Date(Date.now() - 3600_000).toISOString();
  const messages = [
    ev(c.owner, "net.atrarium.community.config", c.configRkey, {
      name: `Bench ${c.id}`,
      hashtag: `#atrarium_${c.id}`,
      stage: "theme",
      feedMix: c.feedMix,
      ...(c.parent ? { parentCommunity: c.parent } : {}),
      moderators: [],
      createdAt: created,
    }),
    ...members.map((m) =>
      ev(m, "net.atrarium.community.membership", `${c.configRkey.slice(0, -1)}3`, {
        community: `at://${c.owner}/net.atrarium.community.config/${c.configRkey}`,
        role: "member",
        joinedAt: created,
        active: true,
      }),
    ),
  ];
  for (let i = 0; i < c.posts; i++) {
    const rkey = `3l${c.configRkey.slice(-3, -1)}${i.toString(36).padStart(9, "a")}`;
    const at = new Date(Date.now() - 3600_000 + i * 10).toISOString();
    messages.push(
      ev(members[i % members.length] as string, "app.bsky.feed.post", rkey, {
        text: `post ${i} #atrarium_${c.id}`,
        createdAt: at,
      }),
    );
  }
  return messages;
}

export async function feedSkeletonWith100k(total: number, requests: number): Promise<FeedSkeletonFigures> {
  const upstream = await fakeJetstream();
  const worker = await privateWorker(upstream.url);
  try {
    await fetch(`${worker.url}/xrpc/_health`);
    const owner = "did:plc:benchownerbenchownerbenc";
    let t = Date.now() * 1000 - total * 10;
    const ev = (did: string, collection: string, rkey: string, record: object) =>
      JSON.stringify({
        did,
        time_us: ++t,
        kind: "commit",
        commit: {
          rev: rkey,
          operation: "create",
          collection,
          rkey,
          record,
          cid: "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm",
        },
      });
    const members = Array.from({ length: 200 }, (_, i) => `did:plc:member${String(i).padStart(18, "0")}`);
    const parent = { owner, id: "be0c0ffe", configRkey: "3kaaaaaaaaaa2" };
    const parentUri = `at://${owner}/net.atrarium.community.config/${parent.configRkey}`;
    const own100 = { own: 100, parent: 0, global: 0 };
    const messages = [
      ...communityEvents(ev, { ...parent, posts: total, feedMix: own100 }, members),
      // The child (mixing) and two more communities whose posts fill the global pool.
      ...communityEvents(
        ev,
        {
          owner,
          id: "c41d0001",
          configRkey: "3kaaaaaaaaab2",
          posts: 5000,
          feedMix: { own: 80, parent: 15, global: 5 },
          parent: parentUri,
        },
        members,
      ),
      ...communityEvents(
        ev,
        { owner, id: "90001000", configRkey: "3kaaaaaaaaac2", posts: 2000, feedMix: own100 },
        members,
      ),
      ...communityEvents(
        ev,
        { owner, id: "90002000", configRkey: "3kaaaaaaaaad2", posts: 2000, feedMix: own100 },
        members,
      ),
    ];
    const start = performance.now();
    for (let i = 0; i < messages.length; i += 5000) upstream.send(messages.slice(i, i + 5000));
    for (;;) {
      const m = /^atrarium_queue_processed_total (\d+)$/m.exec(await worker.metrics());
      if (Number(m?.[1] ?? 0) >= messages.length) break;
      if (performance.now() - start > 20 * 60_000) throw new Error("ingestion did not finish in 20 minutes");
      await new Promise((r) => setTimeout(r, 1000));
    }
    const ingestPerSec = messages.length / ((performance.now() - start) / 1000);
    if (process.env.BENCH_DEBUG)
      console.log(
        (await worker.metrics())
          .split("\n")
          .filter((l) => !l.startsWith("#"))
          .join("\n"),
      );
    // What wrangler dev's local proxy alone costs per request (absent in production).
    const baseline: number[] = [];
    for (let i = 0; i < 200; i++) {
      const s = performance.now();
      await (await fetch(`${worker.url}/xrpc/_health`)).text();
      baseline.push(performance.now() - s);
    }
    const single = await skeletonLatency(
      worker.url,
      `at://${owner}/app.bsky.feed.generator/${parent.id}`,
      requests,
    );
    const mixed = await skeletonLatency(
      worker.url,
      `at://${owner}/app.bsky.feed.generator/c41d0001`,
      requests,
    );
    return {
      p50: single.p50,
      p95: single.p95,
      mixedP50: mixed.p50,
      mixedP95: mixed.p95,
      ingestPerSec,
      healthP50: percentile(baseline, 50),
    };
  } finally {
    await worker.stop();
    await upstream.close();
  }
}

// getFeedSkeleton p50/p95 over `requests` pages of 50 (every tenth from the top), after a warm-up.
async function skeletonLatency(workerUrl: string, feed: string, requests: number) {
  // Warm-up, not measured: the first reads after a bulk ingest page the index in.
  for (let i = 0; i < 50; i++)
    await (
      await fetch(`${workerUrl}/xrpc/app.bsky.feed.getFeedSkeleton?feed=${encodeURIComponent(feed)}`)
    ).text();
  const times: number[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < requests; i++) {
    const url = new URL("/xrpc/app.bsky.feed.getFeedSkeleton", workerUrl);
    url.searchParams.set("feed", feed);
    url.searchParams.set("limit", "50");
    if (cursor && i % 10 !== 0) url.searchParams.set("cursor", cursor);
    const s = performance.now();
    const body = (await (await fetch(url)).json()) as { feed: unknown[]; cursor?: string };
    times.push(performance.now() - s);
    if (body.feed.length !== 50) throw new Error(`${feed}: expected a full page, got ${body.feed.length}`);
    cursor = body.cursor;
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}
