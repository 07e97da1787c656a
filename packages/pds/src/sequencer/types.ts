// The firehose log behind a small surface, Promise-returning so another backend (PostgreSQL) can stand
// behind it; the SQLite one answers synchronously inside.
import type { Actor } from "../actor-store/types.ts";

export interface LogEntry {
  seq: number;
  did: string;
  eventType: string;
  frame: Uint8Array;
}

export interface Sequencer {
  lastSeq(): Promise<number>;
  oldestSeq(): Promise<number | null>;
  /**
   * Moves the actor's queued events into the log with the next seqs. Safe to repeat (after a crash
   * between the two stores' commits): events already moved are skipped. Resolves with how many moved.
   */
  drain(actor: Pick<Actor, "did" | "outbox">): Promise<number>;
  /**
   * Purges every event of a deleted account and appends its #account deleted event (once per
   * `deletionId`, so finishing an interrupted deletion again adds nothing). Resolves with that seq.
   */
  retireAccount(did: string, deletionId: string): Promise<number>;
  /** Events after `cursor`, oldest first: at most `limit`, stopping once `maxBytes` of frames are read. */
  readAfter(cursor: number, limit: number, maxBytes?: number): Promise<LogEntry[]>;
  /** Resolves once an event after `seq` exists (at once if one already does), or on close. */
  waitForAfter(seq: number): Promise<void>;
  /** True once close() began: readers stop instead of reading a closed store. */
  isClosed(): boolean;
  /** Deletes events older than `maxAgeMs` and beyond the newest `maxEvents` (0: no limit). */
  purge(opts: { maxAgeMs: number; maxEvents: number; chunk?: number }): Promise<number>;
  close(): Promise<void>;
}
