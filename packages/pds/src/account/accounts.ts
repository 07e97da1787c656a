// Account records and lookups on SQLite.
import type { DatabaseSync } from "node:sqlite";
import { statementCache, transact } from "@atrarium/sqlite";
import type { AccountRow, AccountStore, PendingDeletion, RepoListing } from "./types.ts";

// Still imported from here by auth/session-output.ts.
export type { AccountRow, AccountStatus } from "./types.ts";

export class SqliteAccountStore implements AccountStore {
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

  async insert(
    row: Pick<AccountRow, "did" | "handle" | "email" | "password_scrypt"> & {
      deactivated_at?: string | null;
    },
  ): Promise<void> {
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

  async setDeactivated(did: string, deactivated: boolean): Promise<void> {
    if (!deactivated) this.stmt("UPDATE account SET deactivated_at = NULL WHERE did = ?").run(did);
    else
      this.stmt("UPDATE account SET deactivated_at = COALESCE(deactivated_at, ?) WHERE did = ?").run(
        new Date().toISOString(),
        did,
      );
  }

  async setTakedown(did: string, ref: string | null): Promise<boolean> {
    return this.stmt("UPDATE account SET takedown_ref = ? WHERE did = ?").run(ref, did).changes > 0;
  }

  async updateHandle(did: string, handle: string): Promise<void> {
    this.stmt("UPDATE account SET handle = ? WHERE did = ?").run(handle, did);
  }

  async byDid(did: string): Promise<AccountRow | undefined> {
    return this.stmt("SELECT * FROM account WHERE did = ?").get(did) as AccountRow | undefined;
  }

  async byHandle(handle: string): Promise<AccountRow | undefined> {
    return this.stmt("SELECT * FROM account WHERE handle = ?").get(handle.toLowerCase()) as
      | AccountRow
      | undefined;
  }

  async byEmail(email: string): Promise<AccountRow | undefined> {
    return this.stmt("SELECT * FROM account WHERE email = ?").get(email) as AccountRow | undefined;
  }

  byIdentifier(identifier: string): Promise<AccountRow | undefined> {
    if (identifier.startsWith("did:")) return this.byDid(identifier);
    if (identifier.includes("@")) return this.byEmail(identifier);
    return this.byHandle(identifier);
  }

  async allDids(): Promise<string[]> {
    return (this.stmt("SELECT did FROM account ORDER BY did").all() as { did: string }[]).map((r) => r.did);
  }

  async updateRoot(did: string, cid: string, rev: string): Promise<void> {
    this.pendingRoots.set(did, { cid, rev });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flushRoots());
    }
  }

  async root(did: string): Promise<{ cid: string; rev: string } | undefined> {
    const pending = this.pendingRoots.get(did);
    if (pending) return pending;
    return this.stmt("SELECT cid, rev FROM repo_root WHERE did = ?").get(did) as
      | { cid: string; rev: string }
      | undefined;
  }

  async listRepos(after: string | undefined, limit: number): Promise<RepoListing[]> {
    this.flushRoots();
    return this.stmt(
      `SELECT a.did, a.deactivated_at, a.takedown_ref, r.cid, r.rev FROM account a
       JOIN repo_root r ON r.did = a.did WHERE a.did > ? ORDER BY a.did LIMIT ?`,
    ).all(after ?? "", limit) as unknown as RepoListing[];
  }

  async beginDeletion(did: string): Promise<PendingDeletion> {
    this.pendingRoots.delete(did);
    const deletedAt = new Date().toISOString();
    // Sessions, mailed tokens and the head copy go with the row (ON DELETE CASCADE).
    transact(this.db, () => {
      this.stmt("DELETE FROM account WHERE did = ?").run(did);
      this.stmt(
        `INSERT INTO account_deletion (did, deleted_at) VALUES (?, ?)
         ON CONFLICT (did) DO UPDATE SET deleted_at = excluded.deleted_at`,
      ).run(did, deletedAt);
    });
    return { did, deletedAt };
  }

  async pendingDeletions(): Promise<PendingDeletion[]> {
    return this.stmt(
      "SELECT did, deleted_at AS deletedAt FROM account_deletion ORDER BY deleted_at",
    ).all() as unknown as PendingDeletion[];
  }

  async finishDeletion(did: string): Promise<void> {
    this.stmt("DELETE FROM account_deletion WHERE did = ?").run(did);
  }

  async close(): Promise<void> {
    this.flushRoots();
  }

  private flushRoots(): void {
    this.flushScheduled = false;
    if (this.pendingRoots.size === 0 || !this.db.isOpen) return;
    const now = new Date().toISOString();
    const upsert = this.stmt(
      // A commit that finished just before its account was deleted must not resurrect the row.
      `INSERT INTO repo_root (did, cid, rev, indexed_at)
       SELECT did, ?, ?, ? FROM account WHERE did = ?
       ON CONFLICT (did) DO UPDATE SET cid = excluded.cid, rev = excluded.rev, indexed_at = excluded.indexed_at`,
    );
    transact(this.db, () => {
      for (const [did, root] of this.pendingRoots) upsert.run(root.cid, root.rev, now, did);
    });
    this.pendingRoots.clear();
  }
}
