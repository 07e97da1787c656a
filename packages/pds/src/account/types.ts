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
}

export type AccountStatus = "active" | "deactivated" | "takendown";

export interface RepoListing {
  did: string;
  deactivated_at: string | null;
  takedown_ref: string | null;
  cid: string;
  rev: string;
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
  close(): Promise<void>;
}

export interface SessionStore {
  store(id: string, did: string, expiresAt: number): Promise<void>;
  isLive(id: string, did: string): Promise<boolean>;
  revoke(id: string): Promise<boolean>;
  purgeExpired(): Promise<void>;
}

export type EmailTokenPurpose = "plc_operation";

export interface EmailTokenStore {
  create(did: string, purpose: EmailTokenPurpose): Promise<string>;
  /** Uses the token up; InvalidToken / ExpiredToken otherwise. */
  consume(did: string, purpose: EmailTokenPurpose, token: string): Promise<void>;
}
