// The hiding labels of the trusted labelers, as each community Durable Object keeps them: pushed by
// the labelers' subscribers (label-subscriber.ts) whenever they change, replacing per labeler what it
// said before, and pulled once by a community when its config first arrives. The feed query filters
// on them like the moderation hides (community/visibility.ts), without asking anyone at read time.
import { first } from "../shared/sql.ts";
import type { HidingLabel } from "./label-state.ts";

export const LABEL_HIDE_MIGRATION = `CREATE TABLE label_hide (
     src TEXT NOT NULL, uri TEXT NOT NULL, cid TEXT NOT NULL, val TEXT NOT NULL, exp INTEGER,
     PRIMARY KEY (src, uri, cid, val)
   );
   CREATE TABLE label_source (src TEXT PRIMARY KEY, version INTEGER NOT NULL);`;

// The posts labels hide, for visibility.ts: a label on the post (every version, or this cid) or on its
// author's DID, not yet expired (exp is unix ms; julianday gives SQLite's now without a parameter).
export const LABEL_HIDES_CTE = `
  labelled(uri, cid) AS (
    SELECT uri, cid FROM label_hide
    WHERE exp IS NULL OR exp > CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
  )`;
export const NOT_LABELLED_CONDITION = `
  NOT EXISTS (SELECT 1 FROM labelled l WHERE l.uri = p.author OR (l.uri = p.uri AND (l.cid = '' OR l.cid = p.cid)))`;

/**
 * Replaces what labeler `src` hides with `hides`, unless an earlier state (a lower `version`, the
 * labeler's stream position) arrives after a later one. True when anything changed.
 */
export function replaceLabelHides(
  sql: SqlStorage,
  src: string,
  version: number,
  hides: HidingLabel[],
): boolean {
  const stored = first<{ version: number }>(sql, "SELECT version FROM label_source WHERE src = ?", src);
  if (stored && stored.version > version) return false;
  const before = JSON.stringify(current(sql, src));
  sql.exec("DELETE FROM label_hide WHERE src = ?", src);
  for (const h of hides)
    sql.exec(
      "INSERT OR REPLACE INTO label_hide (src, uri, cid, val, exp) VALUES (?, ?, ?, ?, ?)",
      src,
      h.uri,
      h.cid,
      h.val,
      h.exp,
    );
  sql.exec("INSERT OR REPLACE INTO label_source (src, version) VALUES (?, ?)", src, version);
  return JSON.stringify(current(sql, src)) !== before;
}

function current(sql: SqlStorage, src: string) {
  return sql
    .exec("SELECT uri, cid, val, exp FROM label_hide WHERE src = ? ORDER BY uri, cid, val", src)
    .toArray();
}

/** The labelers a community has heard from (it pulls the others' state when its config arrives). */
export function labelSources(sql: SqlStorage): Set<string> {
  return new Set(
    sql
      .exec("SELECT src FROM label_source")
      .toArray()
      .map((r) => String(r.src)),
  );
}

/**
 * Pulls, once, the hiding labels of each trusted labeler this community has not heard from yet (a
 * community created after a push learns the labels in force). A failed pull is left to the labeler's
 * next push or periodic resync.
 */
export async function pullMissingLabelHides(
  sql: SqlStorage,
  trusted: string[],
  snapshotOf: (labeler: string) => Promise<{ version: number; hides: HidingLabel[] }>,
): Promise<boolean> {
  const heard = labelSources(sql);
  let changed = false;
  for (const labeler of trusted.filter((did) => !heard.has(did))) {
    try {
      const { version, hides } = await snapshotOf(labeler);
      changed = replaceLabelHides(sql, labeler, version, hides) || changed;
    } catch (err) {
      console.warn(`pulling the labels of ${labeler} failed`, err);
    }
  }
  return changed;
}

/**
 * Forgets what labelers no longer in TRUSTED_LABELERS said (run when the object starts: a changed var
 * means a new deployment, so every object starts again); one trusted again later is pulled afresh.
 */
export function forgetUntrustedLabelers(sql: SqlStorage, trusted: string[]): void {
  for (const src of labelSources(sql)) {
    if (trusted.includes(src)) continue;
    sql.exec("DELETE FROM label_hide WHERE src = ?", src);
    sql.exec("DELETE FROM label_source WHERE src = ?", src);
  }
}
