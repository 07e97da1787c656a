// The persistent event log every subscriber reads from its own position. Appends are atomic with the
// upstream cursor they advance and with the collection directory, so a crash at any point neither
// loses nor duplicates an upstream event. time_us is the log's key: the wall clock in microseconds,
// bumped when needed so it is strictly increasing, also across restarts.
import type { DatabaseSync } from "node:sqlite";
import { closeSqlite, statementCache, transact } from "@atrarium/sqlite";
import { collectionOf, type EventDraft, encodeEvent } from "../events/jetstream-event.ts";
import { openJetstreamDb } from "./schema.ts";

export interface LogRow {
  timeUs: number;
  did: string;
  kind: string;
  collection: string | null;
  json: string;
}

// Wall-clock microseconds (Date.now() only has milliseconds).
const nowUs = () => Math.floor((performance.timeOrigin + performance.now()) * 1000);

export class EventLog {
  private readonly db: DatabaseSync;
  private readonly stmt: ReturnType<typeof statementCache>;
  private last: number;
  private waiters: (() => void)[] = [];
  private pruned = 0;
  private readonly now: () => number;

  constructor(file: string, now: () => number = nowUs) {
    this.db = openJetstreamDb(file);
    this.stmt = statementCache(this.db);
    this.now = now;
    this.last = (this.stmt("SELECT last_time_us AS t FROM log_state").get() as { t: number }).t;
  }

  get lastTimeUs(): number {
    return this.last;
  }

  // The newest time_us removed by retention while this process runs: a subscriber reading from before
  // it has missed events.
  get prunedThroughUs(): number {
    return this.pruned;
  }

  get database(): DatabaseSync {
    return this.db;
  }

  upstreamCursor(upstream: string): number | undefined {
    const row = this.stmt("SELECT seq FROM upstream_cursors WHERE upstream = ?").get(upstream) as
      | { seq: number }
      | undefined;
    return row?.seq;
  }

  resetUpstreamCursor(upstream: string): void {
    this.stmt("DELETE FROM upstream_cursors WHERE upstream = ?").run(upstream);
  }

  // Stores the events of one upstream event (seq) and advances that upstream's cursor, in one
  // transaction. Returns false (storing nothing) if the seq is not past the cursor: a replayed event.
  append(upstream: string, seq: number, drafts: EventDraft[]): boolean {
    const stored = transact(this.db, () => {
      const cursor = this.upstreamCursor(upstream);
      if (cursor !== undefined && seq <= cursor) return false;
      let t = this.last;
      for (const draft of drafts) {
        t = Math.max(this.now(), t + 1);
        this.stmt("INSERT INTO events (time_us, did, kind, collection, json) VALUES (?, ?, ?, ?, ?)").run(
          t,
          draft.did,
          draft.kind,
          collectionOf(draft),
          encodeEvent(draft, t),
        );
        if (draft.kind === "commit" && draft.commit.operation !== "delete") {
          this.stmt(
            "INSERT OR IGNORE INTO repo_collections (collection, did, first_seen_us) VALUES (?, ?, ?)",
          ).run(draft.commit.collection, draft.did, t);
        }
      }
      if (t !== this.last) this.stmt("UPDATE log_state SET last_time_us = ?").run(t);
      this.stmt(
        "INSERT INTO upstream_cursors (upstream, seq) VALUES (?, ?) ON CONFLICT (upstream) DO UPDATE SET seq = excluded.seq",
      ).run(upstream, seq);
      return t;
    });
    if (stored === false) return false;
    if (stored !== this.last) {
      this.last = stored;
      this.wake();
    }
    return true;
  }

  // Events with time_us > after, oldest first.
  readAfter(after: number, limit: number): LogRow[] {
    const rows = this.stmt(
      "SELECT time_us, did, kind, collection, json FROM events WHERE time_us > ? ORDER BY time_us LIMIT ?",
    ).all(after, limit) as {
      time_us: number;
      did: string;
      kind: string;
      collection: string | null;
      json: string;
    }[];
    return rows.map((r) => ({
      timeUs: r.time_us,
      did: r.did,
      kind: r.kind,
      collection: r.collection,
      json: r.json,
    }));
  }

  oldestTimeUs(): number | null {
    return (this.stmt("SELECT MIN(time_us) AS t FROM events").get() as { t: number | null }).t;
  }

  count(): number {
    return (this.stmt("SELECT COUNT(*) AS n FROM events").get() as { n: number }).n;
  }

  // Drops events older than the retention window; returns how many.
  prune(olderThanUs: number): number {
    const newest = (
      this.stmt("SELECT MAX(time_us) AS t FROM events WHERE time_us < ?").get(olderThanUs) as {
        t: number | null;
      }
    ).t;
    if (newest === null) return 0;
    const removed = Number(this.stmt("DELETE FROM events WHERE time_us <= ?").run(newest).changes);
    this.pruned = Math.max(this.pruned, newest);
    return removed;
  }

  // Resolves once an event after `timeUs` exists (at once if one already does), or on close.
  waitForAfter(timeUs: number): Promise<void> {
    if (this.last > timeUs) return Promise.resolve();
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
