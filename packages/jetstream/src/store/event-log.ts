// The persistent event log every subscriber reads from its own position. Appends are atomic with the
// upstream cursor they advance, with the collection directory and with the repo's last rev, so a
// crash at any point neither loses nor duplicates an upstream event. time_us is the log's public key
// (the v1 cursor): the wall clock in microseconds, bumped when needed so it is strictly increasing,
// also across restarts. pos numbers the same events densely; subscribers read by pos windows.
import type { DatabaseSync } from "node:sqlite";
import { closeSqlite, statementCache, transact } from "@atrarium/sqlite";
import { collectionOf, type EventDraft, encodeEvent } from "../events/jetstream-event.ts";
import { type EventSelection, SELECT_ALL } from "./event-selection.ts";
import { openJetstreamDb } from "./schema.ts";

export interface LogRow {
  pos: number;
  timeUs: number;
  did: string;
  kind: string;
  collection: string | null;
  json: string;
}

// The signed rev of the commit an append stores, checked against the repo's last accepted rev.
export interface RepoRev {
  did: string;
  rev: string;
}

// stored; seen: the upstream seq is not past its cursor (a replay after a reconnect), nothing stored;
// staleRev: the commit's rev is not past the repo's last accepted rev, nothing stored, cursor advanced.
export type AppendResult = "stored" | "seen" | "staleRev";

// Wall-clock microseconds (Date.now() only has milliseconds).
const nowUs = () => Math.floor((performance.timeOrigin + performance.now()) * 1000);

export class EventLog {
  private readonly db: DatabaseSync;
  private readonly stmt: ReturnType<typeof statementCache>;
  private last: { timeUs: number; pos: number };
  private waiters: (() => void)[] = [];
  private pruned = 0;
  private readonly now: () => number;

  constructor(file: string, now: () => number = nowUs) {
    this.db = openJetstreamDb(file);
    this.stmt = statementCache(this.db);
    this.now = now;
    this.last = this.stmt("SELECT last_time_us AS timeUs, last_pos AS pos FROM log_state").get() as {
      timeUs: number;
      pos: number;
    };
  }

  get lastTimeUs(): number {
    return this.last.timeUs;
  }

  get lastPos(): number {
    return this.last.pos;
  }

  // The newest pos removed by retention while this process runs: a subscriber reading from before it
  // has missed events.
  get prunedThroughPos(): number {
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
  // transaction. With `repoRev`, the events are one commit's and are stored only if its rev is past
  // the repo's last accepted one.
  append(upstream: string, seq: number, drafts: EventDraft[], repoRev?: RepoRev): AppendResult {
    const out = transact(this.db, () => {
      const cursor = this.upstreamCursor(upstream);
      if (cursor !== undefined && seq <= cursor) return { result: "seen" as const };
      this.stmt(
        "INSERT INTO upstream_cursors (upstream, seq) VALUES (?, ?) ON CONFLICT (upstream) DO UPDATE SET seq = excluded.seq",
      ).run(upstream, seq);
      if (repoRev && !this.advanceRepoRev(repoRev)) return { result: "staleRev" as const };
      let { timeUs, pos } = this.last;
      for (const draft of drafts) {
        timeUs = Math.max(this.now(), timeUs + 1);
        pos++;
        const collection = collectionOf(draft);
        this.stmt(
          "INSERT INTO events (time_us, pos, did, kind, collection, json) VALUES (?, ?, ?, ?, ?, ?)",
        ).run(timeUs, pos, draft.did, draft.kind, collection, encodeEvent(draft, timeUs));
        if (collection)
          this.stmt("INSERT OR IGNORE INTO log_collections (collection) VALUES (?)").run(collection);
        if (draft.kind === "commit" && draft.commit.operation !== "delete") {
          this.stmt(
            "INSERT OR IGNORE INTO repo_collections (collection, did, first_seen_us) VALUES (?, ?, ?)",
          ).run(draft.commit.collection, draft.did, timeUs);
        }
      }
      if (pos !== this.last.pos) {
        this.stmt("UPDATE log_state SET last_time_us = ?, last_pos = ?").run(timeUs, pos);
      }
      return { result: "stored" as const, last: { timeUs, pos } };
    });
    if (out.result === "stored" && out.last.pos !== this.last.pos) {
      this.last = out.last;
      this.wake();
    }
    return out.result;
  }

  // Events with after < pos <= upto that the selection wants, oldest first, at most `limit`.
  readWindow(after: number, upto: number, selection: EventSelection = SELECT_ALL, limit = 500): LogRow[] {
    return this.stmt(
      "SELECT pos, time_us AS timeUs, did, kind, collection, json FROM events " +
        `WHERE pos > :after AND pos <= :upto${selection.sql} ORDER BY pos LIMIT :limit`,
    ).all({ ...selection.params, after, upto, limit }) as unknown as LogRow[];
  }

  // The pos to read after for the events with time_us > timeUs: the live tip when there are none.
  posAfterTime(timeUs: number): number {
    const row = this.stmt("SELECT pos FROM events WHERE time_us > ? ORDER BY time_us LIMIT 1").get(timeUs) as
      | { pos: number }
      | undefined;
    return row ? row.pos - 1 : this.last.pos;
  }

  oldestTimeUs(): number | null {
    return (this.stmt("SELECT MIN(time_us) AS t FROM events").get() as { t: number | null }).t;
  }

  // The events in the log without counting them: retention removes only the oldest, so the retained
  // pos form one unbroken range up to lastPos, and its start is one index lookup away.
  size(): number {
    const { first } = this.stmt("SELECT MIN(pos) AS first FROM events").get() as { first: number | null };
    return first === null ? 0 : this.last.pos - first + 1;
  }

  count(): number {
    return (this.stmt("SELECT COUNT(*) AS n FROM events").get() as { n: number }).n;
  }

  // Drops events older than the retention window; returns how many.
  prune(olderThanUs: number): number {
    const newest = this.stmt(
      "SELECT time_us AS timeUs, pos FROM events WHERE time_us < ? ORDER BY time_us DESC LIMIT 1",
    ).get(olderThanUs) as { timeUs: number; pos: number } | undefined;
    if (!newest) return 0;
    const removed = Number(this.stmt("DELETE FROM events WHERE time_us <= ?").run(newest.timeUs).changes);
    this.pruned = Math.max(this.pruned, newest.pos);
    return removed;
  }

  // Resolves once an event after `pos` exists (at once if one already does), or on close.
  waitForAfter(pos: number): Promise<void> {
    if (this.last.pos > pos) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  // Throws unless the database answers (readiness).
  healthCheck(): void {
    this.stmt("SELECT 1").get();
  }

  close(): void {
    this.wake();
    closeSqlite(this.db);
  }

  // Revs are TIDs, whose string order is their time order.
  private advanceRepoRev({ did, rev }: RepoRev): boolean {
    const last = this.stmt("SELECT rev FROM repo_revs WHERE did = ?").get(did) as { rev: string } | undefined;
    if (last && rev <= last.rev) return false;
    this.stmt(
      "INSERT INTO repo_revs (did, rev) VALUES (?, ?) ON CONFLICT (did) DO UPDATE SET rev = excluded.rev",
    ).run(did, rev);
    return true;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
