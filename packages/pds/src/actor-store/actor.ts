// An open account store on SQLite: its database, write lock, cached repo head (with the MST nodes
// already loaded, so the next commit does not re-read the tree) and signing key, seen from outside
// through one object per concern. The fields are for the modules of src/actor-store/ only.
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { Secp256k1Keypair } from "@atproto/crypto";
import { type Cid, decodeCid } from "@atproto/lex-data";
import { def, MST } from "@atproto/repo";
import { closeSqlite, statementCache } from "@atrarium/sqlite";
import type { BlobStore } from "../blob/types.ts";
import { SqliteBlobIndex } from "./blob-index.ts";
import type { ActorStoreObserver } from "./observer.ts";
import { SqliteOutbox } from "./outbox.ts";
import { SqlitePreferencesStore } from "./preferences-store.ts";
import { SqliteRecordReader } from "./record-reader.ts";
import { SqliteRepoStore } from "./repo-store.ts";
import { SqliteBlockstore } from "./sqlite-blockstore.ts";
import type { Actor, RepoRoot } from "./types.ts";
import { WriteLock } from "./write-lock.ts";

export interface RepoHead {
  cid: Cid;
  rev: string;
  data: MST;
}

export interface ActorDeps {
  blobstore: BlobStore;
  // Blob files left behind after a commit (the index is already right): logged, not thrown.
  onBlobFileError: (err: unknown, did: string) => void;
  // Commit times and outbox traffic, for the operator's metrics.
  observer?: ActorStoreObserver;
}

export class SqliteActor implements Actor {
  readonly did: string;
  readonly file: string;
  readonly db: DatabaseSync;
  readonly stmt: (sql: string) => StatementSync;
  readonly blocks: SqliteBlockstore;
  readonly lock = new WriteLock();
  readonly deps: ActorDeps;
  readonly repo: SqliteRepoStore;
  readonly records: SqliteRecordReader;
  readonly blobs: SqliteBlobIndex;
  readonly outbox: SqliteOutbox;
  readonly preferences: SqlitePreferencesStore;
  // Outbox rows up to this id are already in the firehose log; the next commit deletes them in its
  // own transaction instead of paying a separate one.
  drainedOutboxId = 0;
  private head: RepoHead | null = null;
  private keypair: Secp256k1Keypair | null = null;

  constructor(did: string, file: string, db: DatabaseSync, deps: ActorDeps) {
    this.did = did;
    this.file = file;
    this.db = db;
    this.deps = deps;
    this.stmt = statementCache(db);
    this.blocks = new SqliteBlockstore(this.stmt);
    this.repo = new SqliteRepoStore(this);
    this.records = new SqliteRecordReader(this);
    this.blobs = new SqliteBlobIndex(this);
    this.outbox = new SqliteOutbox(this);
    this.preferences = new SqlitePreferencesStore(this);
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

  rootRow(): RepoRoot | null {
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

  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.lock.run(fn);
  }

  setHead(head: RepoHead): void {
    this.head = head;
  }

  close(): void {
    this.head = null;
    closeSqlite(this.db);
  }
}
