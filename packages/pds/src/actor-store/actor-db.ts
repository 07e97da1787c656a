// One SQLite file per account: its repo blocks, record index, blob index, signing key and the outbox of
// firehose events written in the same transaction as the commit they describe.
import type { DatabaseSync } from "node:sqlite";
import { type Migration, openSqlite } from "@atrarium/sqlite";

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
  // Blobs: one row per uploaded blob (temp_key set until a record references it), and which records
  // reference which blobs. A record_blob row without a blob row is a missing blob (after an import).
  (db) =>
    db.exec(`
      CREATE TABLE blob (
        cid TEXT PRIMARY KEY,
        mime_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        temp_key TEXT,
        created_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX blob_temp_key_idx ON blob (temp_key) WHERE temp_key IS NOT NULL;
      CREATE TABLE record_blob (
        blob_cid TEXT NOT NULL,
        record_uri TEXT NOT NULL,
        PRIMARY KEY (blob_cid, record_uri)
      ) WITHOUT ROWID;
      CREATE INDEX record_blob_uri_idx ON record_blob (record_uri);
    `),
  // Private preferences (app.bsky.actor.putPreferences), one row per preference in the order given,
  // `name` being its $type (as the official PDS's account_pref).
  (db) =>
    db.exec(`
      CREATE TABLE account_pref (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        value_json TEXT NOT NULL
      );
    `),
  // Takedowns of single records and blobs (com.atproto.admin.updateSubjectStatus): the moderator's
  // reference while taken down, NULL otherwise. A record update keeps it; a delete drops it with the row.
  (db) =>
    db.exec(`
      ALTER TABLE record ADD COLUMN takedown_ref TEXT;
      ALTER TABLE blob ADD COLUMN takedown_ref TEXT;
    `),
  // Pixel dimensions of an image blob, read at upload (as the official PDS's blob.width/height); NULL
  // for other blobs, for images whose header could not be read, and for blobs uploaded before this.
  (db) =>
    db.exec(`
      ALTER TABLE blob ADD COLUMN width INTEGER;
      ALTER TABLE blob ADD COLUMN height INTEGER;
    `),
];

export function openActorDb(file: string): DatabaseSync {
  return openSqlite(file, migrations);
}
