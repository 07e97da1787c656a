// Atrarium API latency under `wrangler dev`: one client, sequential requests over every read method
// (anonymous REST calls and signed-in XRPC calls with service JWTs from our PDS, minted beforehand so
// only the Worker is timed), against a community of 20 members and 200 posts indexed through sync
// hints. Run alone: `node bench/atrarium-api.ts [requests]`; `apiLatency` is importable by bench/run.ts.

import {
  COMMUNITY_GET_VIEWER_STATE_NSID,
  MODERATION_LIST_ACTIONS_NSID,
  SYNC_INDEX_RECORD_NSID,
} from "@atrarium/lexicon";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { callApi, callAs, serviceJwt } from "../apps/atrarium/test/support/api-client.ts";
import { apiPipeline } from "../apps/atrarium/test/support/api-pipeline.ts";
import { createCommunity, join, moderate, post } from "../apps/atrarium/test/support/community-scenario.ts";

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

export interface ApiLatency {
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  byRoute: Record<string, { p50: number; p95: number }>;
  // /xrpc/_health on the same Worker: what wrangler dev's local proxy costs without any API work.
  health: { p50: number; p95: number };
}

export async function apiLatency(requests = 1200): Promise<ApiLatency> {
  const p = await apiPipeline({ jetstream: false });
  try {
    const owner = await createTestAccount(p.stack.pdsUrl);
    const members: TestAccount[] = [];
    for (let i = 0; i < 20; i++) members.push(await createTestAccount(p.stack.pdsUrl));
    const community = await createCommunity(owner.agent);
    const hint = async (who: TestAccount, uri: string) => {
      const res = await callAs(who.agent, p, SYNC_INDEX_RECORD_NSID, "/xrpc/net.atrarium.sync.indexRecord", {
        body: { uri },
      });
      if (res.status !== 200) throw new Error(`hint failed: ${JSON.stringify(res.body)}`);
    };
    await hint(owner, community.uri);
    for (const m of members) await hint(m, await join(m.agent, community));
    for (let i = 0; i < 200; i++) {
      const who = members[i % members.length];
      await hint(who, await post(who.agent, `bench post ${i} ${community.hashtag}`));
    }
    for (let i = 0; i < 10; i++) {
      const target = `at://${members[i].did}/app.bsky.feed.post/3kaaaaaaaa${String(i).padStart(2, "a")}2`;
      await hint(owner, await moderate(owner.agent, community, "hide_post", target));
    }
    const id = community.id;
    const anonymous = [
      "/api/communities",
      `/api/communities/${id}`,
      `/api/communities/${id}/members?limit=50`,
      `/api/communities/${id}/feed?limit=50`,
      `/api/communities/${id}/stats`,
    ];
    const signed = [
      { lxm: COMMUNITY_GET_VIEWER_STATE_NSID, path: `/api/communities/${id}/me` },
      { lxm: MODERATION_LIST_ACTIONS_NSID, path: `/api/moderation/actions?community=${id}` },
    ];
    const plan: { route: string; path: string; token?: string }[] = [];
    for (let i = 0; plan.length < requests; i++) {
      if (i % 6 === 5) {
        const s = signed[Math.floor(i / 6) % signed.length];
        plan.push({ route: s.lxm, path: s.path, token: await serviceJwt(owner.agent, p.did, s.lxm) });
      } else {
        const path = anonymous[i % anonymous.length];
        plan.push({ route: path.replace(id, ":id").replace(/\?.*$/, ""), path });
      }
    }
    // Warm-up: the isolate, DID document cache and Durable Objects.
    for (const path of anonymous) await callApi(p.url, path);
    const all: number[] = [];
    const byRoute = new Map<string, number[]>();
    for (const r of plan) {
      const start = performance.now();
      const res = await callApi(p.url, r.path, { token: r.token });
      const ms = performance.now() - start;
      if (res.status !== 200) throw new Error(`${r.path}: ${res.status} ${JSON.stringify(res.body)}`);
      all.push(ms);
      byRoute.set(r.route, [...(byRoute.get(r.route) ?? []), ms]);
    }
    const health: number[] = [];
    for (let i = 0; i < 200; i++) {
      const start = performance.now();
      await (await fetch(`${p.url}/xrpc/_health`)).arrayBuffer();
      health.push(performance.now() - start);
    }
    return {
      health: { p50: percentile(health, 50), p95: percentile(health, 95) },
      requests: all.length,
      p50: percentile(all, 50),
      p95: percentile(all, 95),
      p99: percentile(all, 99),
      byRoute: Object.fromEntries(
        [...byRoute].map(([route, xs]) => [route, { p50: percentile(xs, 50), p95: percentile(xs, 95) }]),
      ),
    };
  } finally {
    await p.close();
  }
}

if (import.meta.main) {
  const result = await apiLatency(Number(process.argv[2] ?? 1200));
  const fmt = (n: number) => n.toFixed(1).padStart(7);
  process.stdout.write(`Atrarium API under wrangler dev, ${result.requests} sequential requests\n`);
  process.stdout.write(
    `  all routes        p50 ${fmt(result.p50)} ms  p95 ${fmt(result.p95)} ms  p99 ${fmt(result.p99)} ms\n`,
  );
  process.stdout.write(
    `  /xrpc/_health (baseline) p50 ${fmt(result.health.p50)} ms  p95 ${fmt(result.health.p95)} ms\n`,
  );
  for (const [route, r] of Object.entries(result.byRoute))
    process.stdout.write(`  ${route.padEnd(40)} p50 ${fmt(r.p50)} ms  p95 ${fmt(r.p95)} ms\n`);
}
