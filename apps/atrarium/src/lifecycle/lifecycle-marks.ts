// The lifecycle verdict a community's Durable Object last recorded (the "marking" the issue asks
// for): its status with the time it entered it, and each suggestion with the time it first appeared.
// The rules stay in lifecycle-rules.ts; this only remembers what they said and since when, so the
// owner sees "inactive since" / "suggested on" dates, and the scheduled sweep (lifecycle-sweep.ts)
// marks a community nobody looks at on time.
import { all, first } from "../shared/sql.ts";
import type {
  LifecycleStatus,
  LifecycleThresholds,
  LifecycleVerdict,
  Suggestion,
} from "./lifecycle-rules.ts";

// The CommunityFeed migration that adds the tables (appended to COMMUNITY_MIGRATIONS). IF NOT
// EXISTS: the migration test replays it over an older build's tables.
export const LIFECYCLE_MARKS_MIGRATION = `
  CREATE TABLE IF NOT EXISTS lifecycle_mark (
    id INTEGER PRIMARY KEY CHECK (id = 1), status TEXT NOT NULL, status_since INTEGER NOT NULL, community TEXT
  );
  CREATE TABLE IF NOT EXISTS lifecycle_suggestion (kind TEXT PRIMARY KEY, suggested_at INTEGER NOT NULL);`;

export interface LifecycleMarks {
  statusSince: number;
  // Per suggestion kind, when it first appeared (ms since epoch).
  suggestedAt: Partial<Record<Suggestion["kind"], number>>;
  // The status differs from the one recorded before (or none was).
  statusChanged: boolean;
}

// When a community entered `status`: inactivity and archival begin at a known time after the last
// activity, whenever the change is noticed; activity (a first verdict or a revival) at `now`.
export function statusEnteredAt(
  status: LifecycleStatus,
  lastActivityMs: number,
  t: Pick<LifecycleThresholds, "inactiveMs" | "archiveMs">,
  now: number,
): number {
  if (status === "inactive") return Math.min(now, lastActivityMs + t.inactiveMs);
  if (status === "archived") return Math.min(now, lastActivityMs + t.archiveMs);
  return now;
}

export function recordedStatus(sql: SqlStorage): LifecycleStatus | null {
  return (
    first<{ status: LifecycleStatus }>(sql, "SELECT status FROM lifecycle_mark WHERE id = 1")?.status ?? null
  );
}

// The id the registry's sweep knows this community by (null until a sweep recorded it).
export function recordedCommunityId(sql: SqlStorage): string | null {
  return (
    first<{ community: string | null }>(sql, "SELECT community FROM lifecycle_mark WHERE id = 1")
      ?.community ?? null
  );
}

export function rememberCommunityId(sql: SqlStorage, id: string): void {
  sql.exec("UPDATE lifecycle_mark SET community = ? WHERE id = 1", id);
}

// Records `verdict` and answers the times kept for it. A suggestion that no longer applies (the owner
// changed the stage, members left) is forgotten: if it comes back, it is new.
export function recordVerdict(
  sql: SqlStorage,
  verdict: LifecycleVerdict,
  enteredAt: number,
  now: number,
): LifecycleMarks {
  const before = first<{ status: string; status_since: number }>(
    sql,
    "SELECT status, status_since FROM lifecycle_mark WHERE id = 1",
  );
  const statusChanged = before?.status !== verdict.status;
  const statusSince = statusChanged ? enteredAt : (before?.status_since ?? enteredAt);
  if (statusChanged)
    sql.exec(
      `INSERT INTO lifecycle_mark (id, status, status_since) VALUES (1, ?1, ?2)
       ON CONFLICT (id) DO UPDATE SET status = ?1, status_since = ?2`,
      verdict.status,
      statusSince,
    );
  const kinds = verdict.suggestions.map((s) => s.kind);
  sql.exec(
    "DELETE FROM lifecycle_suggestion WHERE kind NOT IN (SELECT value FROM json_each(?))",
    JSON.stringify(kinds),
  );
  for (const kind of kinds)
    sql.exec("INSERT OR IGNORE INTO lifecycle_suggestion (kind, suggested_at) VALUES (?, ?)", kind, now);
  const suggestedAt: LifecycleMarks["suggestedAt"] = {};
  for (const row of all<{ kind: Suggestion["kind"]; suggested_at: number }>(
    sql,
    "SELECT kind, suggested_at FROM lifecycle_suggestion",
  ))
    suggestedAt[row.kind] = row.suggested_at;
  return { statusSince, suggestedAt, statusChanged };
}
