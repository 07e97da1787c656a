// The firehose log: every event with its gapless seq, stored as the ready-to-send frame. `source`
// names the outbox row an event came from; `outbox_drained` keeps, per repo, the last row moved, so
// re-draining an outbox after a crash adds nothing twice even when old events have been purged.
import type { DatabaseSync } from "node:sqlite";
import { type Migration, openSqlite } from "@atrarium/sqlite";

const migrations: Migration[] = [
  (db) =>
    db.exec(`
      CREATE TABLE repo_seq (
        seq INTEGER PRIMARY KEY,
        did TEXT NOT NULL,
        event_type TEXT NOT NULL,
        frame BLOB NOT NULL,
        sequenced_at TEXT NOT NULL,
        source TEXT NOT NULL UNIQUE
      );
      CREATE INDEX repo_seq_did_idx ON repo_seq (did, seq);
    `),
  // The last outbox row of each repo already in the log. `source` alone cannot say so once retention
  // has purged the event: a restart would then sequence the outbox's leftover rows a second time.
  (db) => {
    db.exec(`
      CREATE TABLE outbox_drained (did TEXT PRIMARY KEY, outbox_id INTEGER NOT NULL) WITHOUT ROWID;
      CREATE INDEX repo_seq_sequenced_at_idx ON repo_seq (sequenced_at);
    `);
    const upsert = db.prepare(
      `INSERT INTO outbox_drained (did, outbox_id) VALUES (?, ?)
       ON CONFLICT (did) DO UPDATE SET outbox_id = MAX(outbox_id, excluded.outbox_id)`,
    );
    for (const row of db.prepare("SELECT source FROM repo_seq").iterate() as Iterable<{ source: string }>) {
      const at = row.source.lastIndexOf(":");
      upsert.run(row.source.slice(0, at), Number(row.source.slice(at + 1)));
    }
  },
];

export function openSequencerDb(file: string): DatabaseSync {
  return openSqlite(file, migrations);
}
