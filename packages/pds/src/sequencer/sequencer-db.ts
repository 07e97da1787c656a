// The firehose log: every event with its gapless seq, stored as the ready-to-send frame. `source`
// names the outbox row an event came from, so re-draining an outbox after a crash adds nothing twice.
import type { DatabaseSync } from "node:sqlite";
import { type Migration, openSqlite } from "../db/sqlite.ts";

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
];

export function openSequencerDb(file: string): DatabaseSync {
  return openSqlite(file, migrations);
}
