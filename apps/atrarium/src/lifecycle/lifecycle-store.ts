// A community's lifecycle figures, read inside its Durable Object, and the one thing kept for them:
// the newest visible post ever seen. Posts older than RETENTION_SECONDS are purged, so inactivity
// cannot be read from the post table alone; the alarm records it here before each purge.
// Everything else is counted at read time, so a verdict is never older than the index (a write, the
// owner's stage change included, shows in the next read). Each evaluation also records its verdict
// with its times (lifecycle-marks.ts); the scheduled sweep evaluates the communities nobody reads.

import { VISIBILITY_CTES, VISIBLE_POST_CONDITION } from "../community/visibility.ts";
import { first } from "../shared/sql.ts";
import { type LifecycleMarks, recordVerdict, statusEnteredAt } from "./lifecycle-marks.ts";
import {
  evaluateLifecycle,
  type LifecycleFigures,
  type LifecycleThresholds,
  type LifecycleVerdict,
} from "./lifecycle-rules.ts";

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

// The CommunityFeed migration that adds the table (appended to COMMUNITY_MIGRATIONS).
export const LIFECYCLE_MIGRATION =
  "CREATE TABLE IF NOT EXISTS lifecycle_activity (id INTEGER PRIMARY KEY CHECK (id = 1), last_post INTEGER NOT NULL);";

// Keeps the newest visible post's time past the purge that is about to remove it.
export function keepLastActivity(sql: SqlStorage): void {
  sql.exec(
    `WITH ${VISIBILITY_CTES}
     INSERT INTO lifecycle_activity (id, last_post)
       SELECT 1, t FROM (SELECT MAX(p.sort_time) AS t FROM post p WHERE ${VISIBLE_POST_CONDITION}) WHERE t IS NOT NULL
     ON CONFLICT (id) DO UPDATE SET last_post = MAX(last_post, excluded.last_post)`,
  );
}

// null: no current config (missing or deleted).
export function lifecycleFigures(
  sql: SqlStorage,
  activeWindowMs: number,
  now: number,
): LifecycleFigures | null {
  const row = first<{
    stage: string | null;
    created_at: string | null;
    members: number;
    posters: number;
    weekly: number;
    last_post: number | null;
    kept_last_post: number | null;
  }>(
    sql,
    `WITH ${VISIBILITY_CTES}
     SELECT
       (SELECT stage FROM config WHERE deleted = 0 LIMIT 1) AS stage,
       (SELECT created_at FROM config WHERE deleted = 0 LIMIT 1) AS created_at,
       (SELECT COUNT(*) FROM visible_authors WHERE did NOT IN (SELECT did FROM blocked)) AS members,
       (SELECT COUNT(DISTINCT p.author) FROM post p WHERE ${VISIBLE_POST_CONDITION} AND p.sort_time >= ?1) AS posters,
       (SELECT COUNT(*) FROM post p WHERE ${VISIBLE_POST_CONDITION} AND p.sort_time >= ?2) AS weekly,
       (SELECT MAX(p.sort_time) FROM post p WHERE ${VISIBLE_POST_CONDITION}) AS last_post,
       (SELECT last_post FROM lifecycle_activity WHERE id = 1) AS kept_last_post`,
    now - activeWindowMs,
    now - WEEK_MS,
  );
  if (!row || row.stage === null) return null;
  // The config's own createdAt is its author's word: a future one counts for nothing, so a
  // post-dated config cannot keep an empty community active.
  const created = Date.parse(row.created_at ?? "");
  const times = [
    row.last_post,
    row.kept_last_post,
    Number.isFinite(created) && created <= now ? created : null,
  ];
  return {
    stage: row.stage,
    members: row.members,
    activePosters: row.posters,
    postsLast7Days: row.weekly,
    lastActivityMs: Math.max(0, ...times.filter((t): t is number => t !== null)),
  };
}

export interface LifecycleAnswer extends LifecycleVerdict, LifecycleMarks {
  figures: LifecycleFigures;
}

export function lifecycleAnswer(
  sql: SqlStorage,
  thresholds: LifecycleThresholds,
  now: number,
): LifecycleAnswer | null {
  const figures = lifecycleFigures(sql, thresholds.activeWindowMs, now);
  if (!figures) return null;
  const verdict = evaluateLifecycle(figures, thresholds, now);
  const entered = statusEnteredAt(verdict.status, figures.lastActivityMs, thresholds, now);
  return { figures, ...verdict, ...recordVerdict(sql, verdict, entered, now) };
}
