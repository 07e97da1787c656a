// `npm run bench`: runs the benchmarks, prints a table, and writes .artifacts/bench.json.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { apiLatency } from "./atrarium-api.ts";
import { feedSkeletonWith100k, postToVisible } from "./atrarium-feed.ts";
import { startPdsProcess } from "./pds-process.ts";
import { applyWrites200, concurrentCreates, getRepo2k, median, sequentialCreates } from "./pds-writes.ts";
import { receiverFilterEventsPerSecond } from "./receiver-filter.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const root = path.resolve(import.meta.dirname, "..");

interface Row {
  metric: string;
  value: number;
  unit: string;
  target: string;
}

async function main() {
  const pds = await startPdsProcess(20_000 + Math.floor(Math.random() * 20_000));
  const rows: Row[] = [];
  try {
    // Warm-up (JIT, caches, SQLite pages) is not measured.
    await sequentialCreates(pds.url, 300);
    await concurrentCreates(pds.url, 8, 25);
    const seq: number[] = [];
    const conc: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      seq.push(await sequentialCreates(pds.url, 500));
      conc.push(await concurrentCreates(pds.url, 8, 100));
    }
    rows.push({
      metric: "createRecord, 1 client",
      value: median(seq),
      unit: "writes/s",
      target: ">= 400 (5x official ~80)",
    });
    rows.push({
      metric: "createRecord, 8 clients",
      value: median(conc),
      unit: "writes/s",
      target: ">= 390 (3x official ~130)",
    });
    rows.push({
      metric: "applyWrites, 200 creates",
      value: await applyWrites200(pds.url, RUNS + 2),
      unit: "ms",
      target: "<= 63 (3x official ~190)",
    });
    const repo = await getRepo2k(pds.url, RUNS + 2);
    rows.push({
      metric: "getRepo, 2k records",
      value: repo.ms,
      unit: "ms",
      target: "<= 20 (3x official ~60)",
    });
    rows.push({
      metric: "PDS RSS after the run",
      value: pds.rssBytes() / 2 ** 20,
      unit: "MiB",
      target: "half the official PDS",
    });
  } finally {
    await pds.stop();
  }
  const fresh = await postToVisible(Number(process.env.BENCH_FRESH_POSTS ?? 100));
  rows.push({ metric: "post -> visible in feed, p50", value: fresh.p50, unit: "ms", target: "" });
  rows.push({ metric: "post -> visible in feed, p95", value: fresh.p95, unit: "ms", target: "<= 1000" });
  const feedPosts = Number(process.env.BENCH_FEED_POSTS ?? 100_000);
  const feed = await feedSkeletonWith100k(feedPosts, 1000);
  rows.push({ metric: `getFeedSkeleton p50 (${feedPosts} posts)`, value: feed.p50, unit: "ms", target: "" });
  rows.push({
    metric: `getFeedSkeleton p95 (${feedPosts} posts)`,
    value: feed.p95,
    unit: "ms",
    target: "<= 10",
  });
  rows.push({ metric: "getFeedSkeleton p50, mixed 80/15/5", value: feed.mixedP50, unit: "ms", target: "" });
  rows.push({
    metric: "getFeedSkeleton p95, mixed 80/15/5",
    value: feed.mixedP95,
    unit: "ms",
    target: `within 2 of ${feed.p95.toFixed(1)}`,
  });
  rows.push({
    metric: "wrangler dev /xrpc/_health p50 (proxy overhead)",
    value: feed.healthP50,
    unit: "ms",
    target: "",
  });
  rows.push({
    metric: "Worker ingestion (fake Jetstream)",
    value: feed.ingestPerSec,
    unit: "events/s",
    target: "",
  });
  const api = await apiLatency(1200);
  rows.push({ metric: "Atrarium API p50 (1200 requests)", value: api.p50, unit: "ms", target: "" });
  rows.push({ metric: "Atrarium API p95 (1200 requests)", value: api.p95, unit: "ms", target: "" });
  rows.push({
    metric: "Atrarium receiver filter",
    value: receiverFilterEventsPerSecond(RUNS),
    unit: "events/s",
    target: ">= 50000",
  });
  const width = Math.max(...rows.map((r) => r.metric.length));
  process.stdout.write(`\n${"metric".padEnd(width)}  ${"value".padStart(10)}  unit       target\n`);
  for (const r of rows) {
    process.stdout.write(
      `${r.metric.padEnd(width)}  ${r.value.toFixed(1).padStart(10)}  ${r.unit.padEnd(9)}  ${r.target}\n`,
    );
  }
  const out = path.join(root, ".artifacts", "bench.json");
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(
    out,
    JSON.stringify({ date: new Date().toISOString(), runs: RUNS, node: process.version, rows }, null, 2),
  );
  process.stdout.write(`\nwrote ${out}\n`);
}

await main();
