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

export async function feedSkeletonWith100k(
  total: number,
  requests: number,
): Promise<{ p50: number; p95: number; ingestPerSec: number; healthP50: number }> {
  const upstream = await fakeJetstream();
  const worker = await privateWorker(upstream.url);
  try {
    await fetch(`${worker.url}/xrpc/_health`);
    const owner = "did:plc:benchownerbenchownerbenc";
    const id = "be0c0ffe";
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
    const created = new Date(Date.now() - 3600_000).toISOString();
    const configRkey = "3kaaaaaaaaaa2";
    const members = Array.from({ length: 200 }, (_, i) => `did:plc:member${String(i).padStart(18, "0")}`);
    const messages = [
      ev(owner, "net.atrarium.community.config", configRkey, {
        name: "Bench",
        hashtag: `#atrarium_${id}`,
        stage: "theme",
        feedMix: { own: 80, parent: 15, global: 5 },
        moderators: [],
        createdAt: created,
      }),
      ...members.map((m) =>
        ev(m, "net.atrarium.community.membership", "3kaaaaaaaaaa3", {
          community: `at://${owner}/net.atrarium.community.config/${configRkey}`,
          role: "member",
          joinedAt: created,
          active: true,
        }),
      ),
    ];
    for (let i = 0; i < total; i++) {
      const rkey = `3l${i.toString(36).padStart(11, "a")}`;
      const at = new Date(Date.now() - 3600_000 + i * 10).toISOString();
      messages.push(
        ev(members[i % members.length], "app.bsky.feed.post", rkey, {
          text: `post ${i} #atrarium_${id}`,
          createdAt: at,
        }),
      );
    }
    const start = performance.now();
    for (let i = 0; i < messages.length; i += 5000) upstream.send(messages.slice(i, i + 5000));
    const feed = `at://${owner}/app.bsky.feed.generator/${id}`;
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
    // Warm-up, not measured: the first reads after a bulk ingest page the index in.
    for (let i = 0; i < 50; i++)
      await (
        await fetch(`${worker.url}/xrpc/app.bsky.feed.getFeedSkeleton?feed=${encodeURIComponent(feed)}`)
      ).text();
    // What wrangler dev's local proxy alone costs per request (absent in production).
    const baseline: number[] = [];
    for (let i = 0; i < 200; i++) {
      const s = performance.now();
      await (await fetch(`${worker.url}/xrpc/_health`)).text();
      baseline.push(performance.now() - s);
    }
    const times: number[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < requests; i++) {
      const url = new URL("/xrpc/app.bsky.feed.getFeedSkeleton", worker.url);
      url.searchParams.set("feed", feed);
      url.searchParams.set("limit", "50");
      if (cursor && i % 10 !== 0) url.searchParams.set("cursor", cursor);
      const s = performance.now();
      const body = (await (await fetch(url)).json()) as { feed: unknown[]; cursor?: string };
      times.push(performance.now() - s);
      if (body.feed.length !== 50) throw new Error(`expected a full page, got ${body.feed.length}`);
      cursor = body.cursor;
    }
    return {
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      ingestPerSec,
      healthP50: percentile(baseline, 50),
    };
  } finally {
    await worker.stop();
    await upstream.close();
  }
}
