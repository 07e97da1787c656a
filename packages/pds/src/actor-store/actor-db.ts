// One SQLite file per account: its repo blocks, record index, signing key and the outbox of firehose
// events written in the same transaction as the commit they describe.
import type { DatabaseSync } from "node:sqlite";
import { type Migration, openSqlite } from "../db/sqlite.ts";

const migrations: Migration[] = [
  (db) =>
    db.exec(`
      CREATE TABLE repo_root (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        did TEXT NOT NULL,
        cid BLOB NOT NULL,
        rev TEXT NOT NULL,
        indexed_at TEXT NOT NULL
      );
      CREATE TABLE repo_block (
        cid BLOB PRIMARY KEY,
        repo_rev TEXT NOT NULL,
        content BLOB NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX repo_block_rev_idx ON repo_block (repo_rev);
      CREATE TABLE record (
        uri TEXT PRIMARY KEY,
        cid BLOB NOT NULL,
        collection TEXT NOT NULL,
        rkey TEXT NOT NULL,
        repo_rev TEXT NOT NULL,
        indexed_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX record_collection_rkey_idx ON record (collection, rkey);
      CREATE INDEX record_cid_idx ON record (cid);
      CREATE TABLE signing_key (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        private_key BLOB NOT NULL
      );
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        event_type TEXT NOT NULL,
        body BLOB NOT NULL
      );
    `),
];

export function openActorDb(file: string): DatabaseSync {
  return openSqlite(file, migrations);
}
