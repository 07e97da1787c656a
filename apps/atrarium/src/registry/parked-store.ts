// Events that name a community (memberships, moderation actions) or a hashtag (posts) before its
// config is claimed, kept for a day (at most MAX_PARKED) and handed back when it is: delivery is
// unordered.
import { all, first } from "../shared/sql.ts";

const PARK_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_PARKED = 100_000;

// Keeps `event` (JSON text) until `waitsFor` (a config uri, or `#<id>` for a hashtag) is claimed.
export function park(sql: SqlStorage, uri: string, waitsFor: string, event: string, now: number): void {
  sql.exec("DELETE FROM parked WHERE parked_at < ?", now - PARK_TTL_MS);
  const count = first<{ n: number }>(sql, "SELECT COUNT(*) AS n FROM parked")?.n ?? 0;
  if (count >= MAX_PARKED) {
    sql.exec("DELETE FROM parked WHERE rowid IN (SELECT rowid FROM parked ORDER BY parked_at LIMIT 1000)");
  }
  sql.exec(
    "INSERT OR REPLACE INTO parked (uri, waits_for, event, parked_at) VALUES (?, ?, ?, ?)",
    uri,
    waitsFor,
    event,
    now,
  );
}

// A deleted record must not come back when its community appears.
export function dropParked(sql: SqlStorage, uri: string): void {
  sql.exec("DELETE FROM parked WHERE uri = ?", uri);
}

// Removes and returns the events waiting for any of `keys`.
export function unpark(sql: SqlStorage, keys: string[]): string[] {
  const out: string[] = [];
  for (const key of keys) {
    for (const row of all<{ event: string }>(sql, "SELECT event FROM parked WHERE waits_for = ?", key))
      out.push(row.event);
    sql.exec("DELETE FROM parked WHERE waits_for = ?", key);
  }
  return out;
}
