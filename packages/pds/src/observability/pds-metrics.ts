// The PDS's own metrics, beside the process and HTTP ones every service has (HTTP requests are
// counted per XRPC method, see xrpc-route-label.ts). On the write path only counters and histograms
// are touched; gauges (subscribers, backlog, blob bytes, the head) are read when Prometheus scrapes.
// Every label set of a counter is present from the start, so a rate reads 0 rather than nothing.
import { createMetricsRegistry, type ServiceMetrics } from "@atrarium/observability";
import { Counter, Gauge, Histogram } from "prom-client";
import { ALL_LIMIT_NAMES } from "../rate-limit/limits.ts";
import { AUTH_FAILURE_REASONS, type AuthFailureReason } from "./auth-failures.ts";
import type { JobOutcome } from "./job-monitor.ts";

export interface PdsMetrics extends ServiceMetrics {
  commit(dbSeconds: number): void;
  authFailure(reason: AuthFailureReason): void;
  jobRun(job: string, outcome: JobOutcome): void;
  // A finished run's items (successful runs only) and duration, whatever its outcome.
  jobMeasured(job: string, items: number, seconds: number): void;
  rateLimitHit(limit: string): void;
}

export interface PdsGaugeSources {
  headSeq: () => Promise<number>;
  subscribers: () => number;
  maxSubscriberLag: (head: number) => number;
  backlogEvents: () => number;
  blobBytes: () => Promise<number>;
  jobLastSuccesses: () => [string, number | null][];
}

export function createPdsMetrics(): PdsMetrics {
  const service = createMetricsRegistry();
  const registers = [service.registry];
  const commits = new Counter({
    name: "pds_commits_total",
    help: "Repo commits stored (record writes, new repos, imports); rate() gives commits per second",
    registers,
  });
  const commitDb = new Histogram({
    name: "pds_commit_db_seconds",
    help: "Time one commit's SQLite transaction took (blocks, record index, blobs, head, outbox)",
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers,
  });
  const authFailures = new Counter({
    name: "pds_auth_failures_total",
    help: "Failed authentication, by reason",
    labelNames: ["reason"],
    registers,
  });
  for (const reason of AUTH_FAILURE_REASONS) authFailures.inc({ reason }, 0);
  const jobRuns = new Counter({
    name: "pds_job_runs_total",
    help: "Runs of a background job, by job and outcome (success, failure)",
    labelNames: ["job", "outcome"],
    registers,
  });
  const jobItems = new Counter({
    name: "pds_job_items_total",
    help: "Items a background job handled (rows, files, events, accounts), by job",
    labelNames: ["job"],
    registers,
  });
  const jobDuration = new Histogram({
    name: "pds_job_duration_seconds",
    help: "Time one run of a background job took, by job",
    labelNames: ["job"],
    buckets: [0.001, 0.01, 0.1, 1, 10, 60, 600, 3600],
    registers,
  });
  const rateLimitHits = new Counter({
    name: "pds_rate_limit_hits_total",
    help: "Requests refused with 429 RateLimitExceeded, by the limit that refused them",
    labelNames: ["limit"],
    registers,
  });
  for (const limit of ALL_LIMIT_NAMES) rateLimitHits.inc({ limit }, 0);
  return {
    ...service,
    commit: (dbSeconds) => {
      commits.inc();
      commitDb.observe(dbSeconds);
    },
    authFailure: (reason) => authFailures.inc({ reason }),
    jobRun: (job, outcome) => jobRuns.inc({ job, outcome }),
    jobMeasured: (job, items, seconds) => {
      jobItems.inc({ job }, items);
      jobDuration.observe({ job }, seconds);
    },
    rateLimitHit: (limit) => rateLimitHits.inc({ limit }),
  };
}

/** The gauges, read from the running PDS at each scrape; a job gets its run counters at zero here. */
export function watchPds(metrics: PdsMetrics, src: PdsGaugeSources): void {
  const registers = [metrics.registry];
  const gauge = (name: string, help: string, read: () => number | Promise<number>) =>
    new Gauge({
      name,
      help,
      registers,
      async collect() {
        this.set(await read());
      },
    });
  gauge("pds_sequencer_head_seq", "Seq of the newest event in the firehose log", src.headSeq);
  gauge(
    "pds_sequencer_backlog_events",
    "Events committed to repo outboxes and not yet in the firehose log",
    src.backlogEvents,
  );
  gauge("pds_firehose_subscribers", "Open subscribeRepos connections", src.subscribers);
  gauge(
    "pds_firehose_subscriber_lag_events_max",
    "Events of the log past the position of the furthest-behind open subscriber",
    async () => src.maxSubscriberLag(await src.headSeq()),
  );
  gauge(
    "pds_blob_bytes",
    "Bytes of blob files on disk (temp uploads included; measured per scrape)",
    src.blobBytes,
  );
  new Gauge({
    name: "pds_job_last_success_timestamp_seconds",
    help: "When a background job last ran successfully (absent before its first success)",
    labelNames: ["job"],
    registers,
    collect() {
      this.reset();
      for (const [job, at] of src.jobLastSuccesses()) {
        if (at !== null) this.set({ job }, at / 1000);
      }
    },
  });
}
