// Everything the PDS keeps for its operator, made once per PDS in the composition root: the metrics
// registry, the background jobs' monitor, the sequencer backlog, the open firehose subscribers and,
// once the stores exist, the readiness checks and the gauges read from them.
import type { DatabaseSync } from "node:sqlite";
import type { ReadinessCheck } from "@atrarium/observability";
import type { ActorStoreObserver } from "../actor-store/observer.ts";
import { SubscriberPositions } from "../firehose/subscriber-positions.ts";
import type { Sequencer } from "../sequencer/types.ts";
import { diskUsageBytes } from "./blob-usage.ts";
import { JobMonitor } from "./job-monitor.ts";
import { OutboxBacklog } from "./outbox-backlog.ts";
import { createPdsMetrics, type PdsMetrics, watchPds } from "./pds-metrics.ts";
import { pdsReadinessChecks } from "./readiness-checks.ts";

export interface PdsObservability {
  metrics: PdsMetrics;
  jobs: JobMonitor;
  backlog: OutboxBacklog;
  subscribers: SubscriberPositions;
  /** Filled by watchStores once the stores exist. */
  readiness: Record<string, ReadinessCheck>;
}

export function createPdsObservability(): PdsObservability {
  const metrics = createPdsMetrics();
  return {
    metrics,
    jobs: new JobMonitor(metrics.jobRun),
    backlog: new OutboxBacklog(),
    subscribers: new SubscriberPositions(),
    readiness: {},
  };
}

export function actorStoreObserver(obs: PdsObservability): ActorStoreObserver {
  return {
    committed: (_did, dbSeconds) => obs.metrics.commit(dbSeconds),
    eventsQueued: (did, lastId, count) => obs.backlog.queued(did, lastId, count),
    eventsDrained: (did, id) => obs.backlog.drained(did, id),
  };
}

export interface PdsStores {
  accountDb: DatabaseSync;
  sequencerDb: DatabaseSync;
  sequencer: Sequencer;
  actorsDir: string;
  blobDir: string;
}

export function watchStores(obs: PdsObservability, stores: PdsStores): void {
  obs.readiness = pdsReadinessChecks({ ...stores, backlog: obs.backlog, jobs: obs.jobs });
  watchPds(obs.metrics, {
    headSeq: () => stores.sequencer.lastSeq(),
    subscribers: () => obs.subscribers.count,
    maxSubscriberLag: (head) => obs.subscribers.maxLag(head),
    backlogEvents: () => obs.backlog.events(),
    blobBytes: () => diskUsageBytes(stores.blobDir),
    jobLastSuccesses: () => obs.jobs.lastSuccesses(),
  });
}
