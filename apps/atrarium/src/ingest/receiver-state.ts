// The receiver's durable state: events in flight (sent to the queue, not yet confirmed processed),
// the stream position, counters, and dead letters. The saved cursor never passes an event still in
// flight: local queues keep messages in memory, so after a crash those events are replayed.
import { all, first, migrate } from "../shared/sql.ts";

export class ReceiverState {
  private readonly sql: SqlStorage;
  // Counters change on every event; they are kept in memory and written out with the cursor.
  private readonly pendingCounts = new Map<string, number>();

  constructor(sql: SqlStorage) {
    this.sql = sql;
    migrate(sql, [
      `CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
       CREATE TABLE inflight (time_us INTEGER PRIMARY KEY);
       CREATE TABLE counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
       CREATE TABLE dead_letter (id INTEGER PRIMARY KEY AUTOINCREMENT, time_us INTEGER, body TEXT NOT NULL, stored_at INTEGER NOT NULL);`,
    ]);
  }

  get(key: string): string | undefined {
    return first<{ value: string }>(this.sql, "SELECT value FROM kv WHERE key = ?", key)?.value;
  }

  set(key: string, value: string): void {
    this.sql.exec("INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)", key, value);
  }

  addInflight(timeUs: number): void {
    this.sql.exec("INSERT OR IGNORE INTO inflight (time_us) VALUES (?)", timeUs);
  }

  confirm(timeUs: number[]): void {
    for (const t of timeUs) this.sql.exec("DELETE FROM inflight WHERE time_us = ?", t);
  }

  inflightCount(): number {
    return first<{ n: number }>(this.sql, "SELECT COUNT(*) AS n FROM inflight")?.n ?? 0;
  }

  // The position everything before which is processed: just before the oldest event in flight, or
  // the newest event seen when nothing is in flight.
  safeCursor(lastSeen: number): number {
    const oldest = first<{ t: number | null }>(this.sql, "SELECT MIN(time_us) AS t FROM inflight")?.t ?? null;
    return oldest === null ? lastSeen : Math.min(lastSeen, oldest - 1);
  }

  count(name: string, by = 1): void {
    if (by !== 0) this.pendingCounts.set(name, (this.pendingCounts.get(name) ?? 0) + by);
  }

  persistCounts(): void {
    for (const [name, by] of this.pendingCounts) {
      this.sql.exec(
        "INSERT INTO counter (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value",
        name,
        by,
      );
    }
    this.pendingCounts.clear();
  }

  counters(): Record<string, number> {
    this.persistCounts();
    return Object.fromEntries(
      all<{ name: string; value: number }>(this.sql, "SELECT name, value FROM counter").map((r) => [
        r.name,
        r.value,
      ]),
    );
  }

  storeDeadLetter(timeUs: number | null, body: string): void {
    this.sql.exec(
      "INSERT INTO dead_letter (time_us, body, stored_at) VALUES (?, ?, ?)",
      timeUs,
      body,
      Date.now(),
    );
  }

  deadLetterCount(): number {
    return first<{ n: number }>(this.sql, "SELECT COUNT(*) AS n FROM dead_letter")?.n ?? 0;
  }
}
