// Moves events from actor outboxes into the firehose log, assigning gapless seq numbers, and lets
// subscribers read the log from their own cursor and wait for new events.
import type { DatabaseSync } from "node:sqlite";
import { decode } from "@atproto/lex-cbor";
import type { LexMap } from "@atproto/lex-data";
import type { Actor } from "../actor-store/actor.ts";
import { closeSqlite, statementCache, transact } from "../db/sqlite.ts";
import { messageFrame } from "./frames.ts";

export interface LogEntry {
  seq: number;
  did: string;
  eventType: string;
  frame: Uint8Array;
}

export class Sequencer {
  private readonly db: DatabaseSync;
  private readonly stmt: ReturnType<typeof statementCache>;
  private last: number;
  private waiters: (() => void)[] = [];

  constructor(db: DatabaseSync) {
    this.db = db;
    this.stmt = statementCache(db);
    this.last = (this.stmt("SELECT MAX(seq) AS seq FROM repo_seq").get() as { seq: number | null }).seq ?? 0;
  }

  get lastSeq(): number {
    return this.last;
  }

  oldestSeq(): number | null {
    return (this.stmt("SELECT MIN(seq) AS seq FROM repo_seq").get() as { seq: number | null }).seq;
  }

  // Synchronous on purpose: run right after the actor's commit transaction, so seq order is commit
  // order. Safe to repeat after a crash between the two databases' commits.
  drain(actor: Actor): number {
    const rows = actor
      .stmt("SELECT id, event_type, body FROM outbox WHERE id > ? ORDER BY id")
      .all(actor.drainedOutboxId) as {
      id: number;
      event_type: string;
      body: Uint8Array;
    }[];
    if (rows.length === 0) return 0;
    let added = 0;
    transact(this.db, () => {
      for (const row of rows) {
        const source = `${actor.did}:${row.id}`;
        if (this.stmt("SELECT 1 FROM repo_seq WHERE source = ?").get(source)) continue;
        const seq = this.last + 1;
        const time = new Date().toISOString();
        const body = { seq, ...(decode(row.body) as LexMap), time };
        this.stmt(
          "INSERT INTO repo_seq (seq, did, event_type, frame, sequenced_at, source) VALUES (?, ?, ?, ?, ?, ?)",
        ).run(seq, actor.did, row.event_type, messageFrame(row.event_type, body), time, source);
        this.last = seq;
        added++;
      }
    });
    actor.drainedOutboxId = rows[rows.length - 1].id;
    if (added > 0) this.wake();
    return added;
  }

  readAfter(cursor: number, limit: number): LogEntry[] {
    const rows = this.stmt(
      "SELECT seq, did, event_type, frame FROM repo_seq WHERE seq > ? ORDER BY seq LIMIT ?",
    ).all(cursor, limit) as { seq: number; did: string; event_type: string; frame: Uint8Array }[];
    return rows.map((r) => ({ seq: r.seq, did: r.did, eventType: r.event_type, frame: r.frame }));
  }

  // Resolves once an event after `seq` exists (or at once if one already does).
  waitForAfter(seq: number): Promise<void> {
    if (this.last > seq) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.wake();
    closeSqlite(this.db);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
