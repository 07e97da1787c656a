// The directory's SQLite schema, versioned with PRAGMA user_version so a data directory from an older
// build is brought forward on open. One table: every operation ever accepted, nullified ones included
// (the audit log and /export need them), in acceptance order.
import type { DatabaseSync } from "node:sqlite";

const MIGRATIONS: string[] = [
  `CREATE TABLE operations (
     seq        INTEGER PRIMARY KEY AUTOINCREMENT, -- acceptance order; /export?after=<n> pages on it
     did        TEXT    NOT NULL,
     cid        TEXT    NOT NULL,
     operation  TEXT    NOT NULL,                  -- the signed operation as JSON, as received
     nullified  INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL,                  -- unix ms, strictly increasing across the table
     UNIQUE (did, cid)
   );
   CREATE INDEX operations_did ON operations (did, seq);
   CREATE UNIQUE INDEX operations_created_at ON operations (created_at);`,
];

export function migrate(db: DatabaseSync): void {
  const row = db.prepare("PRAGMA user_version").get() as { user_version: number };
  for (let v = row.user_version; v < MIGRATIONS.length; v++) {
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(MIGRATIONS[v]);
      db.exec(`PRAGMA user_version = ${v + 1}`);
      db.exec("COMMIT");
    } catch (err) {
      db.exec("ROLLBACK");
      throw err;
    }
  }
}
