// Moves events from actor outboxes into the firehose log, assigning gapless seq numbers, and lets
// subscribers read the log from their own cursor and wait for new events.
import type { DatabaseSync } from "node:sqlite";
import { decode } from "@atproto/lex-cbor";
import type { LexMap } from "@atproto/lex-data";
import { closeSqlite, statementCache, transact } from "@atrarium/sqlite";
import type { Actor } from "../actor-store/actor.ts";
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
  // order. Safe to repeat after a crash between the two databases' commits: rows up to the repo's
  // drained mark are already in the log (or purged from it) and are skipped.
  drain(actor: Actor): number {
    if (actor.drainedOutboxId === 0) actor.drainedOutboxId = this.drainedMark(actor);
    const rows = actor
      .stmt("SELECT id, event_type, body FROM outbox WHERE id > ? ORDER BY id")
      .all(actor.drainedOutboxId) as {
      id: number;
      event_type: string;
      body: Uint8Array;
    }[];
    if (rows.length === 0) return 0;
    const lastId = rows[rows.length - 1].id;
    this.last = transact(this.db, () => {
      const insert = this.stmt(
        "INSERT INTO repo_seq (seq, did, event_type, frame, sequenced_at, source) VALUES (?, ?, ?, ?, ?, ?)",
      );
      let seq = this.last;
      for (const row of rows) {
        seq++;
        const time = new Date().toISOString();
        const body = { seq, ...(decode(row.body) as LexMap), time };
        const frame = messageFrame(row.event_type, body);
        insert.run(seq, actor.did, row.event_type, frame, time, `${actor.did}:${row.id}`);
      }
      this.stmt(
        `INSERT INTO outbox_drained (did, outbox_id) VALUES (?, ?)
         ON CONFLICT (did) DO UPDATE SET outbox_id = excluded.outbox_id`,
      ).run(actor.did, lastId);
      return seq;
    });
    actor.drainedOutboxId = lastId;
    this.wake();
    return rows.length;
  }

  // A mark above every outbox id this store ever assigned belongs to an earlier store of the same DID
  // (deleted, then created again, e.g. by a migration back): its ids start over, so the mark does too.
  private drainedMark(actor: Actor): number {
    const row = this.stmt("SELECT outbox_id FROM outbox_drained WHERE did = ?").get(actor.did) as
      | { outbox_id: number }
      | undefined;
    if (!row) return 0;
    const assigned = actor.stmt("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").get() as
      | { seq: number }
      | undefined;
    return row.outbox_id > (assigned?.seq ?? 0) ? 0 : row.outbox_id;
  }

  // Deletes events older than `maxAgeMs` and beyond the newest `maxEvents` (0: no limit). The newest
  // event always stays: it is where seq continues after a restart. Deletes in bounded chunks so a
  // large first purge does not stall the event loop for long.
  async purge(opts: { maxAgeMs: number; maxEvents: number; chunk?: number }): Promise<number> {
    if (opts.maxAgeMs <= 0 && opts.maxEvents <= 0) return 0;
    let keepFrom = 0;
    if (opts.maxEvents > 0) keepFrom = this.last - opts.maxEvents + 1;
    if (opts.maxAgeMs > 0) {
      const cutoff = new Date(Date.now() - opts.maxAgeMs).toISOString();
      // seq order is sequencing order, so the first event inside the window bounds the kept range.
      const first = this.stmt(
        "SELECT seq FROM repo_seq WHERE sequenced_at >= ? ORDER BY sequenced_at LIMIT 1",
      ).get(cutoff) as { seq: number } | undefined;
      keepFrom = Math.max(keepFrom, first?.seq ?? this.last);
    }
    keepFrom = Math.min(keepFrom, this.last);
    const chunk = opts.chunk ?? 5000;
    let deleted = 0;
    for (let from = this.oldestSeq() ?? keepFrom; from < keepFrom && this.db.isOpen; from += chunk) {
      const to = Math.min(from + chunk, keepFrom);
      deleted += Number(this.stmt("DELETE FROM repo_seq WHERE seq >= ? AND seq < ?").run(from, to).changes);
      await new Promise((r) => setImmediate(r));
    }
    return deleted;
  }

  // Events after `cursor`, oldest first: at most `limit`, and stopping once `maxBytes` of frames are
  // read (always at least one), so a reader of large commits does not load `limit` of them at once.
  readAfter(cursor: number, limit: number, maxBytes = Number.POSITIVE_INFINITY): LogEntry[] {
    const rows = this.stmt(
      "SELECT seq, did, event_type, frame FROM repo_seq WHERE seq > ? ORDER BY seq LIMIT ?",
    ).iterate(cursor, limit) as IterableIterator<{
      seq: number;
      did: string;
      event_type: string;
      frame: Uint8Array;
    }>;
    const out: LogEntry[] = [];
    let bytes = 0;
    for (const r of rows) {
      out.push({ seq: r.seq, did: r.did, eventType: r.event_type, frame: r.frame });
      bytes += r.frame.length;
      if (bytes >= maxBytes) break;
    }
    return out;
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
