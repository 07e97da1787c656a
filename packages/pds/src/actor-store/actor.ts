// An open account store: its database, the head of its repo (cached with the MST nodes already
// loaded, so the next commit does not re-read the tree) and its signing key.
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { Secp256k1Keypair } from "@atproto/crypto";
import { type Cid, decodeCid } from "@atproto/lex-data";
import { def, MST } from "@atproto/repo";
import { closeSqlite, statementCache } from "@atrarium/sqlite";
import { SqliteBlockstore } from "./sqlite-blockstore.ts";
import { WriteLock } from "./write-lock.ts";

export interface RepoHead {
  cid: Cid;
  rev: string;
  data: MST;
}

export class Actor {
  readonly did: string;
  readonly db: DatabaseSync;
  readonly stmt: (sql: string) => StatementSync;
  readonly blocks: SqliteBlockstore;
  readonly lock = new WriteLock();
  // Outbox rows up to this id are already in the firehose log; the next commit deletes them in its
  // own transaction instead of paying a separate one.
  drainedOutboxId = 0;
  private head: RepoHead | null = null;
  private keypair: Secp256k1Keypair | null = null;

  constructor(did: string, db: DatabaseSync) {
    this.did = did;
    this.db = db;
    this.stmt = statementCache(db);
    this.blocks = new SqliteBlockstore(this.stmt);
  }

  async getKeypair(): Promise<Secp256k1Keypair> {
    if (!this.keypair) {
      const row = this.stmt("SELECT private_key FROM signing_key WHERE id = 1").get() as
        | { private_key: Uint8Array }
        | undefined;
      if (!row) throw new Error(`no signing key for ${this.did}`);
      this.keypair = await Secp256k1Keypair.import(row.private_key, { exportable: true });
    }
    return this.keypair;
  }

  rootRow(): { cid: Cid; rev: string } | null {
    const row = this.stmt("SELECT cid, rev FROM repo_root WHERE id = 1").get() as
      | { cid: Uint8Array; rev: string }
      | undefined;
    return row ? { cid: decodeCid(row.cid), rev: row.rev } : null;
  }

  async getHead(): Promise<RepoHead> {
    if (this.head) return this.head;
    const root = this.rootRow();
    if (!root) throw new Error(`repo of ${this.did} has no root`);
    const commit = await this.blocks.readObj(root.cid, def.commit);
    this.head = { cid: root.cid, rev: root.rev, data: MST.load(this.blocks, commit.data) };
    return this.head;
  }

  setHead(head: RepoHead): void {
    this.head = head;
  }

  close(): void {
    this.head = null;
    closeSqlite(this.db);
  }
}
