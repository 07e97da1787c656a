// The labels this server emits (labels/label-store.ts), in their own SQLite file (labels.sqlite in the
// data directory) beside the account and sequencer databases. One row per (src, uri, cid, val): a later
// label for the same key (a negation, a re-application) replaces the row under a new seq, so the table
// is the current state and, read by seq, the compacted stream com.atproto.label.subscribeLabels replays
// (as the official labeler, Ozone, keeps it). AUTOINCREMENT: a seq is never handed out twice, even
// after the newest row was replaced.
import type { DatabaseSync } from "node:sqlite";
import { type Migration, openSqlite } from "@atrarium/sqlite";

const migrations: Migration[] = [
  (db) =>
    db.exec(`
      CREATE TABLE label (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        src TEXT NOT NULL,
        uri TEXT NOT NULL,
        cid TEXT NOT NULL DEFAULT '',
        val TEXT NOT NULL,
        neg INTEGER NOT NULL DEFAULT 0,
        cts TEXT NOT NULL,
        exp TEXT,
        sig BLOB NOT NULL
      );
      CREATE UNIQUE INDEX label_key_idx ON label (src, uri, cid, val);
      CREATE INDEX label_uri_idx ON label (uri, seq);
    `),
];

export function openLabelsDb(file: string): DatabaseSync {
  return openSqlite(file, migrations);
}
