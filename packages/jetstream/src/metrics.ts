// Jetstream's metrics for /metrics, beside the process and HTTP ones every service has. Most mirror
// numbers the service keeps anyway (the counters of /stats), read at each scrape; the subscriber lag
// histogram is observed by the subscribers' pull loops.
import {
  createMetricsRegistry,
  type Labels,
  mirroredCounter,
  mirroredGauge,
  type ServiceMetrics,
} from "@atrarium/observability";
import { Histogram } from "prom-client";
import type { UpstreamConsumer } from "./ingest/upstream-consumer.ts";
import type { UpstreamStats } from "./ingest/upstream-stats.ts";
import type { EventLog } from "./store/event-log.ts";
import type { SubscribeCounters } from "./subscribe/upgrade.ts";

export interface JetstreamMetricSources {
  consumers: readonly UpstreamConsumer[];
  counters: SubscribeCounters;
  log: EventLog;
  // The furthest an open subscriber is behind the log head, in events.
  maxSubscriberBehind: () => number;
}

export interface JetstreamMetrics extends ServiceMetrics {
  observeSubscriberBehind: (events: number) => void;
}

// Why an upstream's events, commits or ops were not forwarded as received: the /stats counters.
const REJECTION_REASONS = [
  "commitsRejected", // the commit does not verify (signature, MST proof) or its DID does not resolve
  "revForged", // the frame's rev differs from the signed commit's (stored under the signed rev)
  "revNotIncreasing", // the signed rev is not past the repo's last: a replay, dropped
  "wrongHost", // the DID's document names another PDS than this upstream
  "invalidSkipped", // malformed frames or events
  "opsUnverified", // ops of a commit without an inclusion proof
  "syncSkipped", // #sync events (Jetstream v1 has no such kind)
] as const satisfies readonly (keyof UpstreamStats)[];

export function createJetstreamMetrics(src: JetstreamMetricSources): JetstreamMetrics {
  const service = createMetricsRegistry();
  const { registry } = service;
  const perUpstream = (read: (c: UpstreamConsumer) => number | null) =>
    src.consumers.flatMap((c) => {
      const value = read(c);
      return value === null ? [] : [[{ upstream: c.stats.upstream }, value] as const];
    });
  const upstreamCounter = (name: string, help: string, field: keyof UpstreamStats) =>
    mirroredCounter(registry, {
      name,
      help,
      labelNames: ["upstream"],
      read: () => perUpstream((c) => Number(c.stats[field])),
    });

  upstreamCounter(
    "jetstream_events_ingested_total",
    "Events stored in the log, per upstream",
    "eventsStored",
  );
  upstreamCounter("jetstream_upstream_messages_total", "Firehose messages received", "received");
  upstreamCounter("jetstream_upstream_reconnects_total", "Reconnections to the upstream", "reconnects");
  upstreamCounter(
    "jetstream_upstream_transient_retries_total",
    "Retries after a transient failure (PLC or PDS briefly unreachable)",
    "transientRetries",
  );
  mirroredCounter(registry, {
    name: "jetstream_upstream_rejected_total",
    help: "Upstream events, commits or ops not forwarded as received, by the /stats counter (reason)",
    labelNames: ["upstream", "reason"],
    read: () =>
      src.consumers.flatMap((c) =>
        REJECTION_REASONS.map((reason) => [{ upstream: c.stats.upstream, reason }, c.stats[reason]] as const),
      ),
  });
  const upstreamGauge = (name: string, help: string, read: (c: UpstreamConsumer) => number | null) =>
    mirroredGauge(registry, { name, help, labelNames: ["upstream"], read: () => perUpstream(read) });
  upstreamGauge("jetstream_upstream_connected", "1 while the upstream's firehose delivers", (c) =>
    c.stats.connected ? 1 : 0,
  );
  upstreamGauge("jetstream_upstream_cursor", "Last upstream seq stored", (c) => c.stats.cursor);
  upstreamGauge(
    "jetstream_upstream_lag_seconds",
    "Age of the last upstream event when ingest took it up (high while replaying a backlog)",
    (c) => c.lagSeconds,
  );

  const subscriberCounter = (name: string, help: string, field: keyof SubscribeCounters) =>
    mirroredCounter(registry, { name, help, read: () => src.counters[field] });
  mirroredGauge(registry, {
    name: "jetstream_subscribers",
    help: "Open /subscribe connections",
    read: () => src.counters.subscribers,
  });
  subscriberCounter(
    "jetstream_subscribers_dropped_total",
    "Subscribers disconnected as too slow (ConsumerTooSlow)",
    "subscribersDropped",
  );
  subscriberCounter(
    "jetstream_subscribers_refused_total",
    "Subscriptions refused over the per-address connection cap",
    "subscribersRefused",
  );
  subscriberCounter("jetstream_events_sent_total", "Events sent to subscribers", "eventsSent");
  subscriberCounter("jetstream_sent_bytes_total", "Bytes of events sent to subscribers", "bytesSent");
  mirroredGauge(registry, {
    name: "jetstream_subscriber_lag_events_max",
    help: "Events of the log past the position of the furthest-behind open subscriber",
    read: src.maxSubscriberBehind,
  });
  const behind = new Histogram({
    name: "jetstream_subscriber_lag_events",
    help: "Events of the log past a subscriber's position, after each of its reads",
    buckets: [0, 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000],
    registers: [registry],
  });

  mirroredGauge(registry, {
    name: "jetstream_log_events",
    help: "Events retained in the log",
    read: () => src.log.size(),
  });
  mirroredGauge(registry, {
    name: "jetstream_log_oldest_event_age_seconds",
    help: "Age of the oldest retained event (bounded by the retention)",
    read: (): [Labels<never>, number][] => {
      const oldest = src.log.oldestTimeUs();
      return oldest === null ? [] : [[{}, Math.max(0, Date.now() / 1000 - oldest / 1e6)]];
    },
  });

  return { ...service, observeSubscriberBehind: (events) => behind.observe(events) };
}
