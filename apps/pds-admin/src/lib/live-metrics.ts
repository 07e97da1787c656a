// The Overview's live numbers, from two scrapes of the PDS's /metrics (Prometheus text). Counters only
// ever grow, so a rate is the difference between two scrapes over the time between them, as
// Prometheus's rate() does; a counter that went down means the PDS restarted, and then its whole new
// value is the increase. Latency is the 95th percentile of the requests answered between the two
// scrapes, interpolated inside its histogram bucket as histogram_quantile() does.
import { type PromSample, parsePrometheusText } from "@atrarium/observability/prometheus-text";

/** The counters and gauges the charts need, summed over their labels, at one scrape. */
export interface MetricsScrape {
  at: number; // ms since the epoch
  requests: number;
  commits: number;
  rateLimitHits: number;
  authFailures: number;
  subscribers: number;
  backlog: number;
  /** Cumulative request counts per latency bucket's upper bound (seconds), summed over routes. */
  latencyBuckets: Map<number, number>;
}

/** One point of every chart, between two scrapes. Latency is null when no request was answered. */
export interface MetricsPoint {
  at: number;
  requestsPerSecond: number;
  p95LatencyMs: number | null;
  commitsPerSecond: number;
  subscribers: number;
  backlog: number;
  rateLimitHitsPerMinute: number;
  authFailuresPerMinute: number;
}

export type MetricName = Exclude<keyof MetricsPoint, "at">;

const sum = (samples: PromSample[], name: string) =>
  samples.reduce((total, s) => (s.name === name ? total + s.value : total), 0);

export function readScrape(text: string, at: number): MetricsScrape {
  const samples = parsePrometheusText(text);
  const latencyBuckets = new Map<number, number>();
  for (const s of samples) {
    if (s.name !== "http_request_duration_seconds_bucket" || s.labels.le === undefined) continue;
    const le = s.labels.le === "+Inf" ? Infinity : Number(s.labels.le);
    latencyBuckets.set(le, (latencyBuckets.get(le) ?? 0) + s.value);
  }
  return {
    at,
    requests: sum(samples, "http_requests_total"),
    commits: sum(samples, "pds_commits_total"),
    rateLimitHits: sum(samples, "pds_rate_limit_hits_total"),
    authFailures: sum(samples, "pds_auth_failures_total"),
    subscribers: sum(samples, "pds_firehose_subscribers"),
    backlog: sum(samples, "pds_sequencer_backlog_events"),
    latencyBuckets,
  };
}

// A counter's increase between two scrapes (a restart resets it to zero: then all of `now` is new).
const increase = (before: number, now: number) => (now >= before ? now - before : now);

export function pointBetween(before: MetricsScrape, now: MetricsScrape): MetricsPoint {
  const seconds = Math.max((now.at - before.at) / 1000, 0.001);
  const perSecond = (a: number, b: number) => increase(a, b) / seconds;
  return {
    at: now.at,
    requestsPerSecond: perSecond(before.requests, now.requests),
    p95LatencyMs: quantileMs(0.95, before.latencyBuckets, now.latencyBuckets),
    commitsPerSecond: perSecond(before.commits, now.commits),
    subscribers: now.subscribers,
    backlog: now.backlog,
    rateLimitHitsPerMinute: perSecond(before.rateLimitHits, now.rateLimitHits) * 60,
    authFailuresPerMinute: perSecond(before.authFailures, now.authFailures) * 60,
  };
}

/** The q-quantile (ms) of what was observed between two scrapes of a histogram's buckets. */
export function quantileMs(q: number, before: Map<number, number>, now: Map<number, number>): number | null {
  const bounds = [...now.keys()].sort((a, b) => a - b);
  const counts = bounds.map((le) => increase(before.get(le) ?? 0, now.get(le) ?? 0));
  const total = counts.at(-1) ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  const i = counts.findIndex((c) => c >= rank);
  // Above the last finite bound: the last finite bound is the best that can be said.
  if (bounds[i] === Infinity) return (bounds[i - 1] ?? 0) * 1000;
  const lower = i === 0 ? 0 : bounds[i - 1];
  const below = i === 0 ? 0 : counts[i - 1];
  const inBucket = counts[i] - below;
  const fraction = inBucket > 0 ? (rank - below) / inBucket : 1;
  return (lower + (bounds[i] - lower) * fraction) * 1000;
}

/** The window after adding `point`: the newest `size` points. */
export const appendBounded = <T>(window: T[], point: T, size: number): T[] => [...window, point].slice(-size);
