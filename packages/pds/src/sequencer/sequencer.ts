// Moves events from actor outboxes into the firehose log, assigning gapless seq numbers, and lets
// subscribers read the log from their own cursor and wait for new events.
import type { DatabaseSync } from "node:sqlite";
import { decode } from "@atproto/lex-cbor";
import type { LexMap } from "@atproto/lex-data";
import { closeSqlite, statementCache, transact } from "@atrarium/sqlite";
import type { Actor } from "../actor-store/types.ts";
import { messageFrame } from "./frames.ts";
import type { LogEntry, Sequencer } from "./types.ts";

export class SqliteSequencer implements Sequencer {
  private readonly db: DatabaseSync;
  private readonly stmt: ReturnType<typeof statementCache>;
  private last: number;
  private waiters: (() => void)[] = [];
  private closed = false;
  // Drains run one at a time, so seq order is drain order and two drains of one outbox never read the
  // same rows (each reads the outbox, then writes the log, with awaits in between).
  private draining: Promise<unknown> = Promise.resolve();

  constructor(db: DatabaseSync) {
    this.db = db;
    this.stmt = statementCache(db);
    this.last = (this.stmt("SELECT MAX(seq) AS seq FROM repo_seq").get() as { seq: number | null }).seq ?? 0;
  }

  async lastSeq(): Promise<number> {
    return this.last;
  }

  async oldestSeq(): Promise<number | null> {
    return this.oldest();
  }

  // Run right after the actor's commit: rows up to the repo's drained mark are already in the log (or
  // purged from it) and are skipped, so repeating a drain after a crash adds nothing twice.
  drain(actor: Pick<Actor, "did" | "outbox">): Promise<number> {
    const run = this.draining.then(() => this.drainNow(actor));
    this.draining = run.catch(() => undefined);
    return run;
  }

  private async drainNow({ did, outbox }: Pick<Actor, "did" | "outbox">): Promise<number> {
    let mark = await outbox.drainedId();
    if (mark === 0) mark = this.drainedMark(did, await outbox.lastAssignedId());
    const rows = await outbox.pending(mark);
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
        insert.run(seq, did, row.type, messageFrame(row.type, body), time, `${did}:${row.id}`);
      }
      this.stmt(
        `INSERT INTO outbox_drained (did, outbox_id) VALUES (?, ?)
         ON CONFLICT (did) DO UPDATE SET outbox_id = excluded.outbox_id`,
      ).run(did, lastId);
      return seq;
    });
    await outbox.markDrained(lastId);
    this.wake();
    return rows.length;
  }

  // A deleted account, as the official PDS (deleteAllForUser): its earlier events leave the log and
  // one #account (active: false, status: deleted) is appended. Run in the drain chain, so no drain of
  // its outbox interleaves; repeating it (a restart finishing the deletion) appends nothing twice.
  retireAccount(did: string, deletionId: string): Promise<number> {
    const run = this.draining.then(() => this.retireNow(did, deletionId));
    this.draining = run.catch(() => undefined);
    return run;
  }

  private retireNow(did: string, deletionId: string): number {
    const source = `${did}:deleted:${deletionId}`;
    let appended = false;
    const seq = transact(this.db, () => {
      this.stmt("DELETE FROM repo_seq WHERE did = ? AND source != ?").run(did, source);
      this.stmt("DELETE FROM outbox_drained WHERE did = ?").run(did);
      const done = this.stmt("SELECT seq FROM repo_seq WHERE source = ?").get(source) as
        | { seq: number }
        | undefined;
      if (done) return done.seq;
      const next = this.last + 1;
      const time = new Date().toISOString();
      const body = { seq: next, did, time, active: false, status: "deleted" };
      this.stmt(
        "INSERT INTO repo_seq (seq, did, event_type, frame, sequenced_at, source) VALUES (?, ?, ?, ?, ?, ?)",
      ).run(next, did, "#account", messageFrame("#account", body), time, source);
      appended = true;
      return next;
    });
    if (appended) {
      this.last = seq;
      this.wake();
    }
    return seq;
  }

  // A mark above every outbox id the store ever assigned belongs to an earlier store of the same DID
  // (deleted, then created again, e.g. by a migration back): its ids start over, so the mark does too.
  private drainedMark(did: string, lastAssigned: number): number {
    const row = this.stmt("SELECT outbox_id FROM outbox_drained WHERE did = ?").get(did) as
      | { outbox_id: number }
      | undefined;
    if (!row) return 0;
    return row.outbox_id > lastAssigned ? 0 : row.outbox_id;
  }

  async firstSeq(): Promise<number | null> {
    return this.oldest();
  }

  private oldest(): number | null {
    return (this.stmt("SELECT MIN(seq) AS seq FROM repo_seq").get() as { seq: number | null }).seq;
  }

  // The newest event always stays: it is where seq continues after a restart. Deletes in bounded
  // chunks so a large first purge does not stall the event loop for long.
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
    for (let from = this.oldest() ?? keepFrom; from < keepFrom && this.db.isOpen; from += chunk) {
      const to = Math.min(from + chunk, keepFrom);
      deleted += Number(this.stmt("DELETE FROM repo_seq WHERE seq >= ? AND seq < ?").run(from, to).changes);
      await new Promise((r) => setImmediate(r));
    }
    return deleted;
  }

  // Always at least one event, so a reader of large commits does not load `limit` of them at once.
  async readAfter(cursor: number, limit: number, maxBytes = Number.POSITIVE_INFINITY): Promise<LogEntry[]> {
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

  waitForAfter(seq: number): Promise<void> {
    if (this.last > seq) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  isClosed(): boolean {
    return this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake();
    closeSqlite(this.db);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
