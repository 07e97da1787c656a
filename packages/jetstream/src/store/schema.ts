// The Jetstream database: the event log (keyed by its strictly increasing time_us, holding each event
// already encoded as v1 JSON so it is encoded once, not once per subscriber), the per-upstream
// firehose cursor, the collection directory behind listReposByCollection, the last accepted rev
// of every repo, and the upstreams added by requestCrawl.
import type { DatabaseSync } from "node:sqlite";
import { type Migration, openSqlite } from "@atrarium/sqlite";

export const migrations: Migration[] = [
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
  // Subscribers filter in SQL, one bounded window of the log at a time: `pos` numbers the events
  // densely (time_us has gaps), so "the next N events" is a range of pos, and the indexes find a
  // DID's or a collection's events inside that range without reading the others. log_collections
  // lists every collection ever logged, so a wildcard (`app.bsky.*`) becomes a range over it and then
  // exact index lookups. repo_revs holds the last rev accepted per DID (revs of a repo only move
  // forward); it starts empty: revs logged before this migration came from unsigned frame fields.
  (db) =>
    db.exec(`
      ALTER TABLE events ADD COLUMN pos INTEGER;
      UPDATE events SET pos = numbered.n
        FROM (SELECT time_us AS t, row_number() OVER (ORDER BY time_us) AS n FROM events) AS numbered
        WHERE events.time_us = numbered.t;
      CREATE UNIQUE INDEX events_by_pos ON events (pos);
      CREATE INDEX events_by_did ON events (did, pos);
      CREATE INDEX events_by_collection ON events (collection, pos);
      ALTER TABLE log_state ADD COLUMN last_pos INTEGER NOT NULL DEFAULT 0;
      UPDATE log_state SET last_pos = (SELECT COALESCE(MAX(pos), 0) FROM events);
      CREATE TABLE log_collections (collection TEXT PRIMARY KEY) WITHOUT ROWID;
      INSERT INTO log_collections SELECT DISTINCT collection FROM events WHERE collection IS NOT NULL;
      CREATE TABLE repo_revs (did TEXT PRIMARY KEY, rev TEXT NOT NULL) WITHOUT ROWID;
    `),
  // Upstreams added by com.atproto.sync.requestCrawl, so a restart keeps consuming them (their
  // cursors are in upstream_cursors like any upstream's). `hostname` is what was requested, checked
  // again against the allow-list at every start.
  (db) =>
    db.exec(`
      CREATE TABLE crawled_upstreams (
        url TEXT PRIMARY KEY,
        hostname TEXT NOT NULL,
        added_us INTEGER NOT NULL
      ) WITHOUT ROWID;
    `),
];

export function openJetstreamDb(file: string): DatabaseSync {
  return openSqlite(file, migrations);
}
