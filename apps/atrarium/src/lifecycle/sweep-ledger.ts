// The registry's side of the lifecycle sweep: each community's status as the sweep last found it
// (so community.list hides archived ones without asking each community), and the sweep's rotating
// cursor and lease. A tick takes the next batch after the cursor, wrapping around, so a deployment
// with many communities is covered over several ticks; the lease keeps one sweep running at a time
// (an abandoned one, e.g. a crashed invocation, frees it when it runs out).
import { all, first } from "../shared/sql.ts";
import type { LifecycleStatus } from "./lifecycle-rules.ts";

// The HashtagRegistry migration (appended to REGISTRY_MIGRATIONS).
export const SWEEP_LEDGER_MIGRATION = `
  CREATE TABLE IF NOT EXISTS lifecycle_status (id TEXT PRIMARY KEY, status TEXT NOT NULL, swept_at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS lifecycle_sweep (
    id INTEGER PRIMARY KEY CHECK (id = 1), cursor TEXT, lease_until INTEGER NOT NULL
  );`;

// The ids of the next batch, or null while another sweep holds the lease.
export function takeSweepBatch(sql: SqlStorage, size: number, leaseMs: number, now: number): string[] | null {
  const sweep = first<{ cursor: string | null; lease_until: number }>(
    sql,
    "SELECT cursor, lease_until FROM lifecycle_sweep WHERE id = 1",
  );
  if (sweep && sweep.lease_until > now) return null;
  const after = (cursor: string) =>
    all<{ id: string }>(sql, "SELECT id FROM community WHERE id > ? ORDER BY id LIMIT ?", cursor, size).map(
      (r) => r.id,
    );
  let ids = after(sweep?.cursor ?? "");
  // Past the last id: wrap around, without taking any id twice in one batch.
  if (ids.length < size) ids = [...ids, ...after("").filter((id) => !ids.includes(id))].slice(0, size);
  const cursor = ids.length < size ? null : (ids[ids.length - 1] ?? null);
  sql.exec(
    `INSERT INTO lifecycle_sweep (id, cursor, lease_until) VALUES (1, ?1, ?2)
     ON CONFLICT (id) DO UPDATE SET cursor = ?1, lease_until = ?2`,
    cursor,
    now + leaseMs,
  );
  return ids;
}

export function releaseSweep(sql: SqlStorage): void {
  sql.exec("UPDATE lifecycle_sweep SET lease_until = 0 WHERE id = 1");
}

// null: the community has no current config; its status is forgotten (it counts as active).
export function putSweptStatus(
  sql: SqlStorage,
  id: string,
  status: LifecycleStatus | null,
  now: number,
): void {
  if (status === null) sql.exec("DELETE FROM lifecycle_status WHERE id = ?", id);
  else
    sql.exec(
      "INSERT OR REPLACE INTO lifecycle_status (id, status, swept_at) VALUES (?, ?, ?)",
      id,
      status,
      now,
    );
}

export const archivedIds = (sql: SqlStorage): Set<string> =>
  new Set(
    all<{ id: string }>(sql, "SELECT id FROM lifecycle_status WHERE status = 'archived'").map((r) => r.id),
  );
