// The service-wide account database: identities, credentials, sessions and each repo's head (a copy
// of the actor store's root kept here so listRepos does not open every actor file).
import type { DatabaseSync } from "node:sqlite";
import { type Migration, openSqlite } from "@atrarium/sqlite";

const migrations: Migration[] = [
  (db) =>
    db.exec(`
      CREATE TABLE account (
        did TEXT PRIMARY KEY,
        handle TEXT NOT NULL UNIQUE,
        email TEXT UNIQUE COLLATE NOCASE,
        password_scrypt TEXT NOT NULL,
        created_at TEXT NOT NULL,
        deactivated_at TEXT,
        takedown_ref TEXT
      );
      CREATE TABLE refresh_token (
        id TEXT PRIMARY KEY,
        did TEXT NOT NULL REFERENCES account (did) ON DELETE CASCADE,
        expires_at INTEGER NOT NULL,
        next_id TEXT
      );
      CREATE INDEX refresh_token_did_idx ON refresh_token (did);
      CREATE TABLE repo_root (
        did TEXT PRIMARY KEY REFERENCES account (did) ON DELETE CASCADE,
        cid TEXT NOT NULL,
        rev TEXT NOT NULL,
        indexed_at TEXT NOT NULL
      );
    `),
  // One-time tokens sent by mail (e.g. to confirm a PLC operation), one live token per purpose and DID.
  (db) =>
    db.exec(`
      CREATE TABLE email_token (
        purpose TEXT NOT NULL,
        did TEXT NOT NULL REFERENCES account (did) ON DELETE CASCADE,
        token TEXT NOT NULL,
        requested_at INTEGER NOT NULL,
        PRIMARY KEY (purpose, did)
      );
      CREATE UNIQUE INDEX email_token_token_idx ON email_token (purpose, token);
    `),
  // Accounts being deleted: written in the transaction that removes the account row, cleared once the
  // firehose, blobs and repo are gone too, so a restart finishes a deletion a crash interrupted.
  (db) =>
    db.exec(`
      CREATE TABLE account_deletion (did TEXT PRIMARY KEY, deleted_at TEXT NOT NULL) WITHOUT ROWID;
    `),
  // Email confirmation, app passwords, and sessions that can be ended before their tokens expire:
  // `session_id` names a login across refreshes; revoked_session keeps ended logins for as long as
  // their access tokens could still be presented. Mailed tokens are now stored hashed: live ones from
  // before (15 minutes at most) are dropped.
  (db) =>
    db.exec(`
      ALTER TABLE account ADD COLUMN email_confirmed_at TEXT;
      ALTER TABLE refresh_token ADD COLUMN session_id TEXT;
      ALTER TABLE refresh_token ADD COLUMN app_password_name TEXT;
      CREATE INDEX refresh_token_session_idx ON refresh_token (did, session_id);
      CREATE TABLE app_password (
        did TEXT NOT NULL REFERENCES account (did) ON DELETE CASCADE,
        name TEXT NOT NULL,
        password_scrypt TEXT NOT NULL,
        created_at TEXT NOT NULL,
        privileged INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (did, name)
      );
      CREATE TABLE revoked_session (
        session_id TEXT PRIMARY KEY,
        did TEXT NOT NULL,
        revoked_at INTEGER NOT NULL
      );
      CREATE INDEX revoked_session_at_idx ON revoked_session (revoked_at);
      DELETE FROM email_token;
    `),
];

export function openAccountDb(file: string): DatabaseSync {
  return openSqlite(file, migrations);
}
