// What /readyz checks on the PDS: both service databases answer, the actor store's and the blob
// store's directories can be written and read back, the sequencer keeps moving committed events into
// the firehose log, and no background job has stopped running. Each check throws when it fails.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { DatabaseSync } from "node:sqlite";
import type { ReadinessCheck } from "@atrarium/observability";
import type { JobMonitor } from "./job-monitor.ts";
import type { OutboxBacklog } from "./outbox-backlog.ts";

// Committed events are moved right after their commit; one waiting this long means the sequencer is
// stuck (its database refusing writes, a drain that never finishes).
export const SEQUENCER_STALL_MS = 30_000;

export interface PdsReadinessSources {
  accountDb: DatabaseSync;
  sequencerDb: DatabaseSync;
  actorsDir: string;
  blobDir: string;
  backlog: OutboxBacklog;
  jobs: JobMonitor;
}

export function pdsReadinessChecks(src: PdsReadinessSources): Record<string, ReadinessCheck> {
  return {
    "account-db": () => selectOne(src.accountDb),
    "sequencer-db": () => selectOne(src.sequencerDb),
    sequencer: () => {
      const waitedMs = src.backlog.oldestWaitMs();
      if (waitedMs > SEQUENCER_STALL_MS)
        throw new Error(
          `an event has waited ${waitedMs} ms to be sequenced (${src.backlog.events()} waiting)`,
        );
    },
    "actor-store": () => writeAndReadBack(src.actorsDir),
    blobstore: () => writeAndReadBack(src.blobDir),
    jobs: () => {
      const overdue = src.jobs.overdue();
      if (overdue.length > 0) throw new Error(`jobs overdue: ${overdue.join(", ")}`);
    },
  };
}

function selectOne(db: DatabaseSync): void {
  db.prepare("SELECT 1").get();
}

// Permission bits alone say nothing when the PDS runs as root; a real write and read does.
async function writeAndReadBack(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `.readyz-${randomBytes(6).toString("hex")}`);
  const content = "readyz";
  try {
    await writeFile(file, content);
    if ((await readFile(file, "utf8")) !== content) throw new Error(`${dir}: read back differs`);
  } finally {
    await rm(file, { force: true });
  }
}
