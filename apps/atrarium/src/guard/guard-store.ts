// The storage of one RequestGuard: named fixed windows (a subject can have several budgets, e.g. an
// IP's anonymous calls and its signed-in calls) and the replay keys of service JWTs already used.
import { first, migrate } from "../shared/sql.ts";
import { decide, type RateDecision, type RateLimit } from "./rate-window.ts";

export const GUARD_MIGRATIONS = [
  `CREATE TABLE IF NOT EXISTS rate_window (id INTEGER PRIMARY KEY CHECK (id = 1), start INTEGER NOT NULL, count INTEGER NOT NULL);
   CREATE TABLE IF NOT EXISTS used_token (hash TEXT PRIMARY KEY, exp INTEGER NOT NULL);
   CREATE INDEX IF NOT EXISTS used_token_exp_idx ON used_token (exp);`,
  // One subject, several windows; the single window of v1 becomes "main".
  `CREATE TABLE rate_windows (name TEXT PRIMARY KEY, start INTEGER NOT NULL, count INTEGER NOT NULL);
   INSERT INTO rate_windows (name, start, count) SELECT 'main', start, count FROM rate_window;
   DROP TABLE rate_window;`,
];

export interface NamedLimit extends RateLimit {
  window: string;
}

export type Decision = Omit<RateDecision, "next">;

export const migrateGuard = (sql: SqlStorage) => migrate(sql, GUARD_MIGRATIONS);

function current(sql: SqlStorage, window: string) {
  return (
    first<{ start: number; count: number }>(
      sql,
      "SELECT start, count FROM rate_windows WHERE name = ?",
      window,
    ) ?? null
  );
}

// The decision for one more request in `limit.window`, without recording it.
export function peekWindow(sql: SqlStorage, limit: NamedLimit, now: number): RateDecision {
  return decide(current(sql, limit.window), limit, now);
}

export function recordWindow(sql: SqlStorage, window: string, next: RateDecision["next"]): void {
  sql.exec(
    "INSERT OR REPLACE INTO rate_windows (name, start, count) VALUES (?, ?, ?)",
    window,
    next.start,
    next.count,
  );
}

// True when `key` was already used; otherwise remembers it until `exp` (unix seconds).
export function useToken(sql: SqlStorage, key: string, exp: number, now: number): boolean {
  sql.exec("DELETE FROM used_token WHERE exp < ?", Math.floor(now / 1000));
  if (first(sql, "SELECT 1 FROM used_token WHERE hash = ?", key)) return true;
  sql.exec("INSERT INTO used_token (hash, exp) VALUES (?, ?)", key, exp);
  return false;
}
