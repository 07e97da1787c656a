// The directory's SQLite schema, versioned with PRAGMA user_version (by @atrarium/sqlite) so a data
// directory from an older build is brought forward on open: migration i takes user_version i to i+1.
// One table: every operation ever accepted, nullified ones included (the audit log and /export need
// them), in acceptance order. created_at is strictly increasing across the table and assigned inside
// the appending transaction, so it orders every DID's log exactly as seq does.
import type { Migration } from "@atrarium/sqlite";

export const PLC_MIGRATIONS: Migration[] = [
  (db) =>
    db.exec(`CREATE TABLE operations (
       seq        INTEGER PRIMARY KEY AUTOINCREMENT, -- acceptance order; /export?after=<n> pages on it
       did        TEXT    NOT NULL,
       cid        TEXT    NOT NULL,
       operation  TEXT    NOT NULL,                  -- the signed operation as JSON, as received
       nullified  INTEGER NOT NULL DEFAULT 0,
       created_at INTEGER NOT NULL,                  -- unix ms, strictly increasing across the table
       UNIQUE (did, cid)
     );
     CREATE INDEX operations_did ON operations (did, seq);
     CREATE UNIQUE INDEX operations_created_at ON operations (created_at);`),
  // A DID's live (non-nullified) log in time order: an append reads the operations after its prev
  // and counts the recent ones for the per-DID caps with index searches, whatever the log's length.
  (db) => db.exec(`CREATE INDEX operations_did_live ON operations (did, created_at) WHERE nullified = 0;`),
];
