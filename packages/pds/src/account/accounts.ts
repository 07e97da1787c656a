// Account records and lookups. Status follows com.atproto.sync.getRepoStatus: active unless taken
// down or deactivated.
import type { DatabaseSync } from "node:sqlite";
import { statementCache, transact } from "@atrarium/sqlite";

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

export function accountStatus(row: AccountRow): AccountStatus {
  if (row.takedown_ref) return "takendown";
  if (row.deactivated_at) return "deactivated";
  return "active";
}

export class Accounts {
  private readonly db: DatabaseSync;
  private readonly stmt: ReturnType<typeof statementCache>;
  // Head copies are written in batches: the actor store is the source of truth (and refreshes these
  // at startup), so the write path need not pay a third database commit per write.
  private readonly pendingRoots = new Map<string, { cid: string; rev: string }>();
  private flushScheduled = false;

  constructor(db: DatabaseSync) {
    this.db = db;
    this.stmt = statementCache(db);
  }

  // An account migrating in starts deactivated (deactivated_at set) until its DID points here.
  insert(
    row: Pick<AccountRow, "did" | "handle" | "email" | "password_scrypt"> & {
      deactivated_at?: string | null;
    },
  ): void {
    this.stmt(
      `INSERT INTO account (did, handle, email, password_scrypt, created_at, deactivated_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(
      row.did,
      row.handle,
      row.email,
      row.password_scrypt,
      new Date().toISOString(),
      row.deactivated_at ?? null,
    );
  }

  // Deactivating twice keeps the first time.
  setDeactivated(did: string, deactivated: boolean): void {
    if (!deactivated) this.stmt("UPDATE account SET deactivated_at = NULL WHERE did = ?").run(did);
    else
      this.stmt("UPDATE account SET deactivated_at = COALESCE(deactivated_at, ?) WHERE did = ?").run(
        new Date().toISOString(),
        did,
      );
  }

  // Throws on a UNIQUE violation: the caller maps that to HandleNotAvailable.
  updateHandle(did: string, handle: string): void {
    this.stmt("UPDATE account SET handle = ? WHERE did = ?").run(handle, did);
  }

  byDid(did: string): AccountRow | undefined {
    return this.stmt("SELECT * FROM account WHERE did = ?").get(did) as AccountRow | undefined;
  }

  byHandle(handle: string): AccountRow | undefined {
    return this.stmt("SELECT * FROM account WHERE handle = ?").get(handle.toLowerCase()) as
      | AccountRow
      | undefined;
  }

  byEmail(email: string): AccountRow | undefined {
    return this.stmt("SELECT * FROM account WHERE email = ?").get(email) as AccountRow | undefined;
  }

  // A login identifier is a handle, an email, or a DID.
  byIdentifier(identifier: string): AccountRow | undefined {
    if (identifier.startsWith("did:")) return this.byDid(identifier);
    if (identifier.includes("@")) return this.byEmail(identifier);
    return this.byHandle(identifier);
  }

  handleTaken(handle: string): boolean {
    return this.byHandle(handle) !== undefined;
  }

  emailTaken(email: string): boolean {
    return this.byEmail(email) !== undefined;
  }

  allDids(): string[] {
    return (this.stmt("SELECT did FROM account ORDER BY did").all() as { did: string }[]).map((r) => r.did);
  }

  updateRoot(did: string, cid: string, rev: string): void {
    this.pendingRoots.set(did, { cid, rev });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flushRoots());
    }
  }

  flushRoots(): void {
    this.flushScheduled = false;
    if (this.pendingRoots.size === 0 || !this.db.isOpen) return;
    const now = new Date().toISOString();
    const upsert = this.stmt(
      `INSERT INTO repo_root (did, cid, rev, indexed_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (did) DO UPDATE SET cid = excluded.cid, rev = excluded.rev, indexed_at = excluded.indexed_at`,
    );
    transact(this.db, () => {
      for (const [did, root] of this.pendingRoots) upsert.run(did, root.cid, root.rev, now);
    });
    this.pendingRoots.clear();
  }

  // listRepos pages by DID, as the official PDS does.
  listRepos(after: string | undefined, limit: number) {
    this.flushRoots();
    return this.stmt(
      `SELECT a.did, a.deactivated_at, a.takedown_ref, r.cid, r.rev FROM account a
       JOIN repo_root r ON r.did = a.did WHERE a.did > ? ORDER BY a.did LIMIT ?`,
    ).all(after ?? "", limit) as {
      did: string;
      deactivated_at: string | null;
      takedown_ref: string | null;
      cid: string;
      rev: string;
    }[];
  }

  root(did: string): { cid: string; rev: string } | undefined {
    const pending = this.pendingRoots.get(did);
    if (pending) return pending;
    return this.stmt("SELECT cid, rev FROM repo_root WHERE did = ?").get(did) as
      | { cid: string; rev: string }
      | undefined;
  }
}
