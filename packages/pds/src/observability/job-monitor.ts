// The PDS's background jobs (blob sweeper, firehose retention, ...) as the operator sees them: each run
// counted with its outcome, the last success kept, and whether a job has stopped running (readiness
// fails when a job's last start is far past its interval: a timer that died, a run that hangs). Times
// are wall-clock milliseconds, never the PDS clock tests move to expire things.
export type JobOutcome = "success" | "failure";

interface JobState {
  everyMs: number;
  lastStart: number;
  lastSuccess: number | null;
}

// A job is "overdue" once this many intervals have passed since it last started, plus a minute of
// slack for a busy event loop: late is normal, this late is not.
const OVERDUE_INTERVALS = 3;
const OVERDUE_SLACK_MS = 60_000;

export class JobMonitor {
  private readonly jobs = new Map<string, JobState>();
  private readonly onRun: (job: string, outcome: JobOutcome) => void;
  private readonly now: () => number;

  constructor(onRun: (job: string, outcome: JobOutcome) => void = () => {}, now = () => Date.now()) {
    this.onRun = onRun;
    this.now = now;
  }

  /** A job expected to start at least every `everyMs`; until its first run, counted from now. */
  register(job: string, everyMs: number): void {
    this.jobs.set(job, { everyMs, lastStart: this.now(), lastSuccess: null });
  }

  unregister(job: string): void {
    this.jobs.delete(job);
  }

  /** Runs one pass of the job, recording its start and outcome; the job's error is rethrown. */
  async run<T>(job: string, fn: () => Promise<T>): Promise<T> {
    const state = this.jobs.get(job);
    if (state) state.lastStart = this.now();
    try {
      const out = await fn();
      if (state) state.lastSuccess = this.now();
      this.onRun(job, "success");
      return out;
    } catch (err) {
      this.onRun(job, "failure");
      throw err;
    }
  }

  /** Each registered job's last success (ms since the epoch), null before its first. */
  lastSuccesses(): [string, number | null][] {
    return [...this.jobs].map(([job, s]) => [job, s.lastSuccess]);
  }

  /** The jobs whose last start is absurdly long ago for their interval. */
  overdue(): string[] {
    const now = this.now();
    return [...this.jobs]
      .filter(([, s]) => now - s.lastStart > OVERDUE_INTERVALS * s.everyMs + OVERDUE_SLACK_MS)
      .map(([job]) => job);
  }
}
