// The Jetstream database: the event log (keyed by its strictly increasing time_us, holding each event
// already encoded as v1 JSON so it is encoded once, not once per subscriber), the per-upstream
// firehose cursor, and the collection directory behind listReposByCollection.
import type { DatabaseSync } from "node:sqlite";
import { type Migration, openSqlite } from "@atrarium/sqlite";

const migrations: Migration[] = [
  (db) =>
    db.exec(`
      CREATE TABLE events (
        time_us INTEGER PRIMARY KEY,
        did TEXT NOT NULL,
        kind TEXT NOT NULL,
        collection TEXT,
        json TEXT NOT NULL
      );
      -- The last time_us ever handed out: the events table may be empty after retention, and time_us
      -- must still never repeat or go backwards across restarts.
      CREATE TABLE log_state (id INTEGER PRIMARY KEY CHECK (id = 1), last_time_us INTEGER NOT NULL);
      INSERT INTO log_state (id, last_time_us) VALUES (1, 0);
      -- The last upstream seq whose events are in the log, written in the same transaction as them.
      CREATE TABLE upstream_cursors (upstream TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE repo_collections (
        collection TEXT NOT NULL,
        did TEXT NOT NULL,
        first_seen_us INTEGER NOT NULL,
        PRIMARY KEY (collection, did)
      ) WITHOUT ROWID;
    `),
];

export function openJetstreamDb(file: string): DatabaseSync {
  return openSqlite(file, migrations);
}
