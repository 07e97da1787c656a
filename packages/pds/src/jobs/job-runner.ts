// The PDS's scheduled jobs (jobs/pds-jobs.ts lists them) on one runner: each job's schedule and last
// run persisted (job-state-store.ts), a job that fell due while the server was down run right at
// startup, every run logged with the items it handled and the time it took, and counted in the
// metrics and the readiness check through the JobMonitor.
//
// One run at a time per job, not across jobs: a job never overlaps itself (a purge or a backup that
// outlasts its interval is not started twice), but jobs do not wait for each other. Every job must
// already be correct while the server writes concurrently, so running beside another job adds no
// hazard, and serialising them all would let an hour-long backup hold back the upload sweeper and the
// firehose purge long enough for the readiness check to call them overdue.
//
// Scheduling is by the wall clock, not ctx.clock: tests move ctx.clock to expire tokens and uploads,
// and call runNow instead of waiting for a timer.
import type { Logger } from "@atrarium/observability";
import type { JobMonitor, JobOutcome } from "../observability/job-monitor.ts";
import type { JobState, SqliteJobStateStore } from "./job-state-store.ts";

export interface ScheduledJob {
  name: string;
  /** How long after a run starts the next one is due. */
  everyMs: number;
  /** One pass; resolves with how many items (rows, files, events, accounts...) it handled. */
  run: () => Promise<{ items: number }>;
}

export interface JobRunResult {
  outcome: JobOutcome;
  items: number;
  ms: number;
  error?: string;
}

export interface JobStatus extends JobState {
  everyMs: number;
  running: boolean;
}

interface JobEntry {
  job: ScheduledJob;
  timer: NodeJS.Timeout | null;
  // The latest run queued; each waits for the one before it.
  chain: Promise<unknown>;
  running: boolean;
}

// setTimeout's longest delay (about 24.8 days): a longer wait is taken in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface JobRunnerDeps {
  store: SqliteJobStateStore;
  monitor: JobMonitor;
  logger: Logger;
  /** Each finished run's items (0 for a failure) and seconds, for the metrics. */
  measured: (job: string, items: number, seconds: number) => void;
  now?: () => number;
}

export class JobRunner {
  private readonly entries = new Map<string, JobEntry>();
  private readonly deps: JobRunnerDeps;
  private readonly now: () => number;
  private stopped = false;

  constructor(deps: JobRunnerDeps) {
    this.deps = deps;
    this.now = deps.now ?? (() => Date.now());
  }

  /**
   * Adds a job and schedules it: due now if it never ran, else at its persisted due time, or sooner
   * when the interval was shortened since (a run is never further than `everyMs` from the last start).
   */
  schedule(job: ScheduledJob): void {
    if (this.stopped) throw new Error("job runner stopped");
    if (this.entries.has(job.name)) throw new Error(`job ${job.name} already scheduled`);
    const { store, monitor } = this.deps;
    store.ensure(job.name, this.now());
    const state = store.get(job.name);
    const dueAt = Math.min(
      state?.nextDueAt ?? this.now(),
      state?.lastStartedAt != null ? state.lastStartedAt + job.everyMs : Number.POSITIVE_INFINITY,
    );
    monitor.register(job.name, job.everyMs);
    const entry: JobEntry = { job, timer: null, chain: Promise.resolve(), running: false };
    this.entries.set(job.name, entry);
    this.arm(entry, dueAt);
  }

  /** A run of the job right now, after the one in progress if any (for tests and operators). */
  runNow(name: string): Promise<JobRunResult> {
    const entry = this.entries.get(name);
    if (!entry) return Promise.reject(new Error(`no job named ${name}`));
    return this.enqueue(entry);
  }

  /** Every scheduled job with its persisted state, by name. */
  status(): JobStatus[] {
    return [...this.entries.values()]
      .map((entry) => {
        const state = this.deps.store.get(entry.job.name);
        if (!state) throw new Error(`job ${entry.job.name} has no state`);
        return { ...state, everyMs: entry.job.everyMs, running: entry.running };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Stops the timers and waits for the runs in progress, so the databases can be closed after. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const entry of this.entries.values()) {
      if (entry.timer) clearTimeout(entry.timer);
      entry.timer = null;
      this.deps.monitor.unregister(entry.job.name);
    }
    await Promise.all([...this.entries.values()].map((e) => e.chain));
  }

  private arm(entry: JobEntry, dueAt: number): void {
    if (this.stopped) return;
    if (entry.timer) clearTimeout(entry.timer);
    const wait = Math.max(0, dueAt - this.now());
    entry.timer = setTimeout(
      () => {
        entry.timer = null;
        if (this.now() >= dueAt) void this.enqueue(entry);
        else this.arm(entry, dueAt);
      },
      Math.min(wait, MAX_TIMER_MS),
    );
    // The timers never keep the process alive.
    entry.timer.unref();
  }

  private enqueue(entry: JobEntry): Promise<JobRunResult> {
    const run = entry.chain.then(() => this.execute(entry));
    entry.chain = run;
    return run;
  }

  private async execute(entry: JobEntry): Promise<JobRunResult> {
    const { job } = entry;
    const { store, monitor, logger } = this.deps;
    // The timer is re-armed from this run's start; a run asked for meanwhile replaces the waiting one.
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    entry.running = true;
    const startedAt = this.now();
    store.started(job.name, startedAt);
    let result: JobRunResult;
    try {
      const { items } = await monitor.run(job.name, job.run);
      result = { outcome: "success", items, ms: this.now() - startedAt };
      logger.info({ job: job.name, items, ms: result.ms }, "job finished");
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      result = { outcome: "failure", items: 0, ms: this.now() - startedAt, error };
      logger.error({ err, job: job.name, ms: result.ms }, "job failed");
    } finally {
      entry.running = false;
    }
    const endedAt = this.now();
    this.deps.measured(job.name, result.items, result.ms / 1000);
    const nextDueAt = Math.max(endedAt, startedAt + job.everyMs);
    try {
      store.finished(job.name, {
        endedAt,
        outcome: result.outcome,
        items: result.outcome === "success" ? result.items : null,
        error: result.error ?? null,
        nextDueAt,
      });
    } catch (err) {
      // The account database closing under a run that outlived stop() is the only expected cause.
      logger.warn({ err, job: job.name }, "could not record a job run");
    }
    this.arm(entry, nextDueAt);
    return result;
  }
}
