// Makes the backup's firehose log agree with the backup's actor stores. The log is copied after them,
// so it may hold events of commits made after an actor's snapshot (or of accounts the backup does not
// hold): those go, and each repo's drained mark is brought back to the last outbox row its snapshot
// assigned. Events still only in a snapshot's outbox are sequenced by the restored server at startup,
// as after a crash between the two databases' commits.
import type { DatabaseSync } from "node:sqlite";

export interface ActorSnapshotMark {
  // The highest outbox row id the actor's snapshot ever assigned (sqlite_sequence).
  lastOutboxId: number;
}

/**
 * `after`: the log's last seq before the first actor snapshot; nothing at or before it can be newer.
 * `deleted`: accounts deleted while the backup ran; all their events go, as deletion itself does.
 */
export function trimSequencer(
  log: DatabaseSync,
  actors: Map<string, ActorSnapshotMark>,
  after: number,
  deleted: string[] = [],
): { removed: number } {
  const rows = log.prepare("SELECT seq, did, source FROM repo_seq WHERE seq > ? ORDER BY seq").all(after) as {
    seq: number;
    did: string;
    source: string;
  }[];
  const remove = log.prepare("DELETE FROM repo_seq WHERE seq = ?");
  const clampMark = log.prepare("UPDATE outbox_drained SET outbox_id = MIN(outbox_id, ?) WHERE did = ?");
  const dropMark = log.prepare("DELETE FROM outbox_drained WHERE did = ?");
  let removed = 0;
  log.exec("BEGIN");
  try {
    for (const row of rows) {
      const outboxId = Number(row.source.slice(row.source.lastIndexOf(":") + 1));
      const mark = actors.get(row.did);
      if (mark && outboxId <= mark.lastOutboxId) continue;
      remove.run(row.seq);
      removed++;
    }
    const forget = log.prepare("DELETE FROM repo_seq WHERE did = ?");
    for (const did of deleted) removed += Number(forget.run(did).changes);
    const marked = log.prepare("SELECT did FROM outbox_drained").all() as { did: string }[];
    for (const { did } of marked) {
      const mark = actors.get(did);
      if (mark) clampMark.run(mark.lastOutboxId, did);
      else dropMark.run(did);
    }
    log.exec("COMMIT");
  } catch (err) {
    if (log.isTransaction) log.exec("ROLLBACK");
    throw err;
  }
  return { removed };
}

export function lastOutboxId(actorDb: DatabaseSync): number {
  const row = actorDb.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").get() as
    | { seq: number }
    | undefined;
  return row?.seq ?? 0;
}
