// Each scheduled job's schedule and last run, kept in the account database (table job_state) so a
// restart knows what is due: a job whose next run fell while the server was down runs at startup, and
// one that ran a minute before the restart does not run again. Times are wall-clock milliseconds.
import type { DatabaseSync } from "node:sqlite";
import { statementCache } from "@atrarium/sqlite";
import type { JobOutcome } from "../observability/job-monitor.ts";

export interface JobState {
  name: string;
  nextDueAt: number;
  lastStartedAt: number | null;
  lastEndedAt: number | null;
  lastOutcome: JobOutcome | null;
  lastItems: number | null;
  lastError: string | null;
}

export interface FinishedRun {
  endedAt: number;
  outcome: JobOutcome;
  items: number | null;
  error: string | null;
  nextDueAt: number;
}

interface JobStateRow {
  name: string;
  next_due: number;
  last_start: number | null;
  last_end: number | null;
  last_outcome: JobOutcome | null;
  last_items: number | null;
  last_error: string | null;
}

export class SqliteJobStateStore {
  private readonly stmt: ReturnType<typeof statementCache>;

  constructor(db: DatabaseSync) {
    this.stmt = statementCache(db);
  }

  get(name: string): JobState | undefined {
    const row = this.stmt("SELECT * FROM job_state WHERE name = ?").get(name) as JobStateRow | undefined;
    return (
      row && {
        name: row.name,
        nextDueAt: row.next_due,
        lastStartedAt: row.last_start,
        lastEndedAt: row.last_end,
        lastOutcome: row.last_outcome,
        lastItems: row.last_items,
        lastError: row.last_error,
      }
    );
  }

  /** A job seen for the first time is due at `nextDueAt`; a known one keeps its state. */
  ensure(name: string, nextDueAt: number): void {
    this.stmt("INSERT INTO job_state (name, next_due) VALUES (?, ?) ON CONFLICT (name) DO NOTHING").run(
      name,
      nextDueAt,
    );
  }

  started(name: string, at: number): void {
    this.stmt("UPDATE job_state SET last_start = ? WHERE name = ?").run(at, name);
  }

  finished(name: string, run: FinishedRun): void {
    this.stmt(
      `UPDATE job_state SET last_end = ?, last_outcome = ?, last_items = ?, last_error = ?, next_due = ?
       WHERE name = ?`,
    ).run(run.endedAt, run.outcome, run.items, run.error, run.nextDueAt, name);
  }
}
