// A community handed to a new owner (registry/transfer-desk.ts) keeps what its previous owner decided
// while it was theirs: members approved, posts hidden, users blocked, emoji approved. Staff is whoever
// the current config names, so without this every such decision would lapse at the transfer. The
// previous owner's actions count when their commit rev is below the rev of the offer that gave the
// community away: a repo's revs only grow, so nothing written after the offer can pass for older.
// Later actions of theirs count only if the new config lists them as a moderator.
export const FORMER_OWNER_MIGRATION = `CREATE TABLE IF NOT EXISTS former_owner (
  did TEXT PRIMARY KEY, until_rev TEXT NOT NULL
);`;

export interface FormerOwner {
  did: string;
  // The rev of the transfer offer in the previous owner's repo.
  untilRev: string;
}

// The moderation actions that count (needs `staff` before it).
export const STAFF_ACTION_CTE = `staff_action AS (
    SELECT * FROM moderation m WHERE m.deleted = 0 AND (
      m.author IN (SELECT did FROM staff)
      OR EXISTS (SELECT 1 FROM former_owner f WHERE f.did = m.author AND m.rev < f.until_rev)
    )
  ),`;

// A later transfer of the same owner (given back, then away again) keeps the newer bound.
export function recordFormerOwner(sql: SqlStorage, former: FormerOwner): void {
  sql.exec(
    `INSERT INTO former_owner (did, until_rev) VALUES (?, ?)
     ON CONFLICT (did) DO UPDATE SET until_rev = MAX(until_rev, excluded.until_rev)`,
    former.did,
    former.untilRev,
  );
}
