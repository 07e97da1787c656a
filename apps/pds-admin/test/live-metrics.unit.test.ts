// The Overview's live numbers from two scrapes of /metrics: rates from counter deltas (a restart's
// reset taken as a new start), the p95 latency of the requests between the scrapes, gauges as read,
// and the bounded window. Scrapes are real prom-client output (@atrarium/observability's registry).
import { createMetricsRegistry } from "@atrarium/observability";
import { Counter, Gauge } from "prom-client";
import { describe, expect, it } from "vitest";
import { appendBounded, pointBetween, quantileMs, readScrape } from "../src/lib/live-metrics.ts";

function fakePds() {
  const service = createMetricsRegistry();
  const registers = [service.registry];
  const commits = new Counter({ name: "pds_commits_total", help: "c", registers });
  const authFailures = new Counter({
    name: "pds_auth_failures_total",
    help: "a",
    labelNames: ["reason"],
    registers,
  });
  const rateLimitHits = new Counter({
    name: "pds_rate_limit_hits_total",
    help: "r",
    labelNames: ["limit"],
    registers,
  });
  const subscribers = new Gauge({ name: "pds_firehose_subscribers", help: "s", registers });
  const backlog = new Gauge({ name: "pds_sequencer_backlog_events", help: "b", registers });
  const request = (route: string, seconds: number) => {
    service.http.requests.inc({ method: "GET", route, status: "200" });
    service.http.duration.observe({ method: "GET", route }, seconds);
  };
  return { service, commits, authFailures, rateLimitHits, subscribers, backlog, request };
}

describe("live metrics from /metrics scrapes", () => {
  it("turns counter deltas into rates and reads gauges as they are", async () => {
    const pds = fakePds();
    pds.request("/xrpc/a", 0.003);
    const before = readScrape(await pds.service.registry.metrics(), 10_000);
    for (let i = 0; i < 10; i++) pds.request(i % 2 ? "/xrpc/a" : "/xrpc/b", 0.02);
    pds.commits.inc(6);
    pds.authFailures.inc({ reason: "bad-password" }, 2);
    pds.authFailures.inc({ reason: "invalid-token" }, 1);
    pds.rateLimitHits.inc({ limit: "global" }, 1);
    pds.subscribers.set(3);
    pds.backlog.set(7);
    const after = readScrape(await pds.service.registry.metrics(), 12_000);

    const point = pointBetween(before, after);
    expect(point).toMatchObject({
      at: 12_000,
      requestsPerSecond: 5,
      commitsPerSecond: 3,
      subscribers: 3,
      backlog: 7,
      rateLimitHitsPerMinute: 30,
      authFailuresPerMinute: 90,
    });
    // All ten requests took 20 ms: in the (10 ms, 25 ms] bucket, interpolated.
    expect(point.p95LatencyMs).toBeGreaterThan(10);
    expect(point.p95LatencyMs).toBeLessThanOrEqual(25);
  });

  it("has no latency without requests, and takes a reset counter as a restart", async () => {
    const pds = fakePds();
    pds.commits.inc(100);
    const before = readScrape(await pds.service.registry.metrics(), 0);
    const restarted = fakePds();
    restarted.commits.inc(4);
    const after = readScrape(await restarted.service.registry.metrics(), 1000);
    const point = pointBetween(before, after);
    expect(point.commitsPerSecond).toBe(4);
    expect(point.p95LatencyMs).toBeNull();
  });

  it("interpolates the quantile inside its bucket, and caps it at the last finite bound", () => {
    const none = new Map<number, number>();
    const buckets = (counts: [number, number][]) => new Map(counts);
    // 100 requests: 50 under 10 ms, 50 between 10 and 20 ms -> p95 at 90% of the second bucket.
    const even = buckets([
      [0.01, 50],
      [0.02, 100],
      [Infinity, 100],
    ]);
    expect(quantileMs(0.95, none, even)).toBeCloseTo(19);
    const slow = buckets([
      [0.01, 0],
      [0.02, 0],
      [Infinity, 5],
    ]);
    expect(quantileMs(0.95, none, slow)).toBe(20);
  });

  it("keeps the newest points only", () => {
    let window: number[] = [];
    for (let i = 0; i < 100; i++) window = appendBounded(window, i, 60);
    expect(window).toHaveLength(60);
    expect(window[0]).toBe(40);
    expect(window.at(-1)).toBe(99);
  });
});
