// The account store behind small surfaces (accounts, refresh sessions, mailed tokens), Promise-returning
// so another backend (PostgreSQL) can stand behind them; the SQLite ones answer synchronously inside.

export interface AccountRow {
  did: string;
  handle: string;
  email: string | null;
  password_scrypt: string;
  created_at: string;
  deactivated_at: string | null;
  takedown_ref: string | null;
  // Set by confirmEmail, cleared when the address changes.
  email_confirmed_at: string | null;
  // 1 when the administrator disabled the account's invites: codes it earns are made disabled.
  invites_disabled: number;
}

export type AccountStatus = "active" | "deactivated" | "takendown";

export interface RepoListing {
  did: string;
  deactivated_at: string | null;
  takedown_ref: string | null;
  cid: string;
  rev: string;
}

export interface PendingDeletion {
  did: string;
  deletedAt: string;
}

export interface AccountStore {
  /** An account migrating in starts deactivated (`deactivated_at` set) until its DID points here. */
  insert(
    row: Pick<AccountRow, "did" | "handle" | "email" | "password_scrypt"> & {
      deactivated_at?: string | null;
    },
  ): Promise<void>;
  /** Deactivating twice keeps the first time. */
  setDeactivated(did: string, deactivated: boolean): Promise<void>;
  /** Takes the account down under `ref` (null restores it). False when there is no such account. */
  setTakedown(did: string, ref: string | null): Promise<boolean>;
  /** Rejects when another account holds the handle: the caller maps that to HandleNotAvailable. */
  updateHandle(did: string, handle: string): Promise<void>;
  byDid(did: string): Promise<AccountRow | undefined>;
  byHandle(handle: string): Promise<AccountRow | undefined>;
  byEmail(email: string): Promise<AccountRow | undefined>;
  /** A login identifier is a handle, an email, or a DID. */
  byIdentifier(identifier: string): Promise<AccountRow | undefined>;
  allDids(): Promise<string[]>;
  /** A copy of each repo's head for listRepos/getRepoStatus; the actor store is the source of truth. */
  updateRoot(did: string, cid: string, rev: string): Promise<void>;
  root(did: string): Promise<{ cid: string; rev: string } | undefined>;
  /** Pages by DID, as the official PDS does. */
  listRepos(after: string | undefined, limit: number): Promise<RepoListing[]>;
  /**
   * Removes the account with its sessions, tokens and head copy (the handle is free at once) and
   * records the deletion as pending, in one transaction. Returns when it was deleted.
   */
  beginDeletion(did: string): Promise<PendingDeletion>;
  /** Deletions whose firehose, blob and repo cleanup has not finished (a crash in between). */
  pendingDeletions(): Promise<PendingDeletion[]>;
  finishDeletion(did: string): Promise<void>;
  close(): Promise<void>;
}

/** One login (`sessionId`, kept across refreshes), made with the account password or an app password. */
export interface SessionInfo {
  sessionId: string;
  appPasswordName: string | null;
}

export interface SessionStore {
  store(id: string, did: string, expiresAt: number, session: SessionInfo): Promise<void>;
  isLive(id: string, did: string): Promise<boolean>;
  /** The live refresh token's login, if the token is live and belongs to `did`. */
  live(id: string, did: string): Promise<SessionInfo | undefined>;
  revoke(id: string): Promise<boolean>;
  /**
   * Uses refresh token `id` to refresh: the first time, `next` (expiring at `nextExpiresAt`) is stored
   * as its successor and `id` stays usable for a grace period (`graceMs`, never past its own expiry);
   * a reuse within it answers the same successor, so two clients refreshing at once both stay signed
   * in. Returns the successor's id, or undefined if `id` is not live for `did`.
   */
  rotate(
    id: string,
    did: string,
    next: { id: string; expiresAt: number; graceMs: number },
  ): Promise<string | undefined>;
  purgeExpired(): Promise<void>;
}

export type EmailTokenPurpose =
  | "plc_operation"
  | "delete_account"
  | "confirm_email"
  | "update_email"
  | "reset_password";

export interface EmailTokenStore {
  create(did: string, purpose: EmailTokenPurpose): Promise<string>;
  /** Uses the token up; InvalidToken / ExpiredToken otherwise. */
  consume(did: string, purpose: EmailTokenPurpose, token: string): Promise<void>;
  /** Checks the token without using it up (updateEmail: a refused address keeps the token good). */
  assertValid(did: string, purpose: EmailTokenPurpose, token: string): Promise<void>;
  /** Uses up a token given without its account (resetPassword) and returns the account's DID. */
  consumeAnyAccount(purpose: EmailTokenPurpose, token: string): Promise<string>;
}
