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
  // Invite codes (account/invites.ts). `for_account` is a DID or 'admin' (codes the admin made for
  // nobody), so it cannot reference account: a deleted account's codes are disabled instead. A use
  // goes with the account that made it, but first takes one use off its code, so deleting the invitee
  // never frees the code for another sign-up.
  (db) =>
    db.exec(`
      CREATE TABLE invite_code (
        code TEXT PRIMARY KEY,
        available_uses INTEGER NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        for_account TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX invite_code_for_account_idx ON invite_code (for_account);
      CREATE TABLE invite_code_use (
        code TEXT NOT NULL REFERENCES invite_code (code) ON DELETE CASCADE,
        used_by TEXT NOT NULL REFERENCES account (did) ON DELETE CASCADE,
        used_at TEXT NOT NULL,
        PRIMARY KEY (code, used_by)
      );
      CREATE INDEX invite_code_use_used_by_idx ON invite_code_use (used_by);
      CREATE TRIGGER invite_account_deleted BEFORE DELETE ON account
      BEGIN
        UPDATE invite_code SET disabled = 1 WHERE for_account = OLD.did;
        UPDATE invite_code SET available_uses = available_uses - 1
          WHERE code IN (SELECT code FROM invite_code_use WHERE used_by = OLD.did);
      END;
    `),
  // The local moderation queue (com.atproto.moderation.createReport with no moderation service) and
  // signing keys reserved for accounts migrating in (com.atproto.server.reserveSigningKey).
  // Reports reference no account: the reporter and the subject are evidence for a moderator, kept as
  // text when either account is deleted (deleting one's account must not withdraw one's reports, nor
  // erase reports about oneself). A reserved key belongs to no account yet (`did` is the one it was
  // reserved for, if any) and is dropped once used or expired.
  (db) =>
    db.exec(`
      CREATE TABLE moderation_report (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        reason_type TEXT NOT NULL,
        reason TEXT,
        subject_json TEXT NOT NULL,
        reported_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX moderation_report_reported_by_idx ON moderation_report (reported_by);
      CREATE TABLE reserved_signing_key (
        key_did TEXT PRIMARY KEY,
        did TEXT UNIQUE,
        private_key BLOB NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX reserved_signing_key_expires_idx ON reserved_signing_key (expires_at);
    `),
  // The administrator's per-account invite switch (com.atproto.admin.disable/enableAccountInvites):
  // codes such an account earns are made disabled, as the official PDS keeps them for bookkeeping.
  (db) => db.exec("ALTER TABLE account ADD COLUMN invites_disabled INTEGER NOT NULL DEFAULT 0;"),
  // The administrator's audit log (admin/audit-log.ts): every call that presented the admin credential,
  // kept to a bounded number of entries. Reports of the local moderation queue get their resolution.
  (db) =>
    db.exec(`
      CREATE TABLE admin_audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        nsid TEXT NOT NULL,
        status INTEGER NOT NULL,
        subject TEXT,
        request_id TEXT,
        created_at TEXT NOT NULL
      );
      ALTER TABLE moderation_report ADD COLUMN resolved_at TEXT;
      ALTER TABLE moderation_report ADD COLUMN resolution_note TEXT;
      CREATE INDEX moderation_report_open_idx ON moderation_report (id) WHERE resolved_at IS NULL;
    `),
  // The OAuth authorization server (src/oauth/): browsers ("devices") and the accounts signed in on
  // them, the clients each account authorized, pending authorization requests, issued tokens and the
  // refresh tokens they used before (a reuse revokes the token), lexicons resolved for `include:`
  // scopes, DPoP/JTI nonces seen (replays must stay refused across a restart), and pre-registered
  // clients. Rows of an account go with it; tokens and requests carry their data as JSON.
  (db) =>
    db.exec(`
      CREATE TABLE oauth_device (
        device_id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL,
        user_agent TEXT,
        ip_address TEXT NOT NULL,
        last_seen_at INTEGER NOT NULL
      );
      CREATE TABLE oauth_account_device (
        device_id TEXT NOT NULL REFERENCES oauth_device (device_id) ON DELETE CASCADE,
        did TEXT NOT NULL REFERENCES account (did) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (device_id, did)
      );
      CREATE INDEX oauth_account_device_did_idx ON oauth_account_device (did);
      CREATE TABLE oauth_authorized_client (
        did TEXT NOT NULL REFERENCES account (did) ON DELETE CASCADE,
        client_id TEXT NOT NULL,
        data_json TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (did, client_id)
      );
      CREATE TABLE oauth_request (
        request_id TEXT PRIMARY KEY,
        code TEXT UNIQUE,
        expires_at INTEGER NOT NULL,
        data_json TEXT NOT NULL
      );
      CREATE INDEX oauth_request_expires_idx ON oauth_request (expires_at);
      CREATE TABLE oauth_token (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        token_id TEXT NOT NULL UNIQUE,
        did TEXT NOT NULL REFERENCES account (did) ON DELETE CASCADE,
        code TEXT UNIQUE,
        current_refresh_token TEXT UNIQUE,
        data_json TEXT NOT NULL
      );
      CREATE INDEX oauth_token_did_idx ON oauth_token (did);
      CREATE TABLE oauth_used_refresh_token (
        refresh_token TEXT PRIMARY KEY,
        token_row INTEGER NOT NULL REFERENCES oauth_token (id) ON DELETE CASCADE
      );
      CREATE INDEX oauth_used_refresh_token_row_idx ON oauth_used_refresh_token (token_row);
      CREATE TABLE oauth_lexicon (nsid TEXT PRIMARY KEY, data_json TEXT NOT NULL);
      CREATE TABLE oauth_replay (
        namespace TEXT NOT NULL,
        nonce TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (namespace, nonce)
      ) WITHOUT ROWID;
      CREATE INDEX oauth_replay_expires_idx ON oauth_replay (expires_at);
      CREATE TABLE oauth_client (
        client_id TEXT PRIMARY KEY,
        metadata_json TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
    `),
  // Scheduled jobs (jobs/job-state-store.ts): when each is next due and how its last run went, so a
  // restart runs what fell due while the server was down. Wall-clock milliseconds.
  (db) =>
    db.exec(`
      CREATE TABLE job_state (
        name TEXT PRIMARY KEY,
        next_due INTEGER NOT NULL,
        last_start INTEGER,
        last_end INTEGER,
        last_outcome TEXT,
        last_items INTEGER,
        last_error TEXT
      ) WITHOUT ROWID;
    `),
  // Admin roles (admin/admin-accounts.ts): administrator accounts besides the break-glass password,
  // and who made each audited call (name and role; entries from before have none).
  (db) =>
    db.exec(`
      CREATE TABLE admin_account (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        password_scrypt TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
      ALTER TABLE admin_audit ADD COLUMN admin_name TEXT;
      ALTER TABLE admin_audit ADD COLUMN admin_role TEXT;
    `),
];

export function openAccountDb(file: string): DatabaseSync {
  return openSqlite(file, migrations);
}
