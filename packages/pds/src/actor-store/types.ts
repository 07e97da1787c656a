// What the rest of the PDS may ask of the per-account stores, one reader/transactor surface per concern
// (repo, records, blobs, outbox, preferences). Every method returns a Promise so a backend with real I/O
// (PostgreSQL + S3) can stand behind the same surface; the SQLite one answers synchronously inside.
// No SQL leaves src/actor-store/.
import type { Keypair } from "@atproto/crypto";
import type { Cid, LexMap } from "@atproto/lex-data";
import type { BlockMap } from "@atproto/repo";
import type { ReceivedBlob } from "../blob/receive-upload.ts";
import type { PreparedWrite } from "../repo/prepare.ts";

export interface ActorStore {
  exists(did: string): Promise<boolean>;
  /** The store of an existing account (throws if there is none). */
  get(did: string): Actor;
  /** A new, empty store holding the account's repo signing key; its repo is made by `repo.create`. */
  create(did: string, signingKey: Uint8Array): Promise<Actor>;
  destroy(did: string): Promise<void>;
  close(): Promise<void>;
}

export interface Actor {
  readonly did: string;
  getKeypair(): Promise<Keypair>;
  readonly repo: RepoStore;
  readonly records: RecordReader;
  readonly blobs: BlobIndex;
  readonly outbox: Outbox;
  readonly preferences: PreferencesStore;
  /** Runs `fn` under the repo's write lock: no commit or outbox write of the account interleaves. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}

export interface RepoRoot {
  cid: Cid;
  rev: string;
}

export interface CommitOp {
  action: "create" | "update" | "delete";
  path: string;
  cid: Cid | null;
  prev?: Cid;
}

export interface CommitResult {
  cid: Cid;
  rev: string;
  ops: CommitOp[];
}

/** A firehose event about the account, queued in the same transaction as the commit or on its own. */
export interface AccountEvent {
  type: "#identity" | "#account";
  body: LexMap;
}

/** A verified repo migrating in: its MST and record blocks (no commit), to be re-signed here. */
export interface ImportedRepo {
  blocks: BlockMap;
  dataRoot: Cid;
  rev: string;
  records: { collection: string; rkey: string; cid: Cid; blobCids: string[] }[];
}

export interface RepoStore {
  root(): Promise<RepoRoot | null>;
  blockCount(): Promise<number>;
  /** Live blocks by CID; `missing` lists the CIDs the repo does not hold. */
  getBlocks(cids: Cid[]): Promise<{ blocks: BlockMap; missing: Cid[] }>;
  /** The head commit, the MST nodes proving a record's presence or absence, and the record. */
  recordProof(collection: string, rkey: string): Promise<{ commit: Cid; blocks: BlockMap }>;
  /**
   * The repo (or the blocks written after `since`) as CAR bytes rooted at the head, read from one
   * consistent snapshot block by block, so neither a concurrent commit nor the repo's size matters.
   */
  exportCar(opts?: { since?: string }): Promise<AsyncIterable<Uint8Array>>;
  /** The genesis commit of an empty repo. `announce: false` (an account migrating in) queues no event. */
  create(opts: { events: AccountEvent[]; announce: boolean }): Promise<CommitResult>;
  /** One signed commit of the writes, atomically (all or nothing). */
  applyWrites(writes: PreparedWrite[], opts?: { swapCommit?: Cid }): Promise<CommitResult>;
  /** Replaces the whole repo by an imported one, re-signed with this store's key. No event. */
  importRepo(repo: ImportedRepo): Promise<CommitResult>;
}

export interface RecordView {
  uri: string;
  cid: string;
  value: unknown;
}

export interface RecordReader {
  /** A taken-down record reads as absent unless `includeTakenDown` (its owner deleting it). */
  get(collection: string, rkey: string, opts?: { includeTakenDown?: boolean }): Promise<RecordView | null>;
  /** Newest (highest rkey) first unless reversed, paging by rkey; taken-down records are left out. */
  list(opts: {
    collection: string;
    limit: number;
    cursor?: string;
    reverse?: boolean;
  }): Promise<{ records: RecordView[]; cursor?: string }>;
  collections(): Promise<string[]>;
  count(): Promise<number>;
  /** The record's current CID and takedown reference (null: not taken down), if it exists. */
  takedownStatus(
    collection: string,
    rkey: string,
  ): Promise<{ cid: string; takedownRef: string | null } | null>;
  /** Takes the record down under `ref` (null restores it). False when there is no such record. */
  setTakedown(collection: string, rkey: string, ref: string | null): Promise<boolean>;
}

export interface BlobRow {
  cid: string;
  mime_type: string;
  size: number;
  temp_key: string | null;
  // Set while the blob is taken down: it is not served, and no new record may reference it.
  takedown_ref: string | null;
  // Pixel dimensions of an image, when its header could be read at upload.
  width: number | null;
  height: number | null;
}

export interface BlobIndex {
  get(cid: string): Promise<BlobRow | undefined>;
  /**
   * Indexes an upload already in the blob store's temp area and answers the blob as stored (a
   * re-upload keeps the first type). An upload some record already references (an account migrating
   * in) is made permanent at once. Dimensions fill in those a blob stored without them lacks.
   */
  trackUpload(blob: ReceivedBlob): Promise<BlobRow>;
  /**
   * Settles an upload past its grace period: made permanent if a record references it (a commit that
   * failed half-way), else forgotten with its files. True when the blob was removed.
   */
  sweepUpload(tempKey: string): Promise<boolean>;
  /** Blobs referenced by records, by CID; with `since`, only those of records written after that rev. */
  listReferenced(opts: { since?: string; cursor?: string; limit: number }): Promise<string[]>;
  /** Blobs records reference that were never uploaded here (after importRepo), one record URI each. */
  listMissing(opts: { cursor?: string; limit: number }): Promise<{ cid: string; recordUri: string }[]>;
  counts(): Promise<{ expected: number; imported: number }>;
  /** Takes the blob down under `ref` (null restores it). False when the account holds no such blob. */
  setTakedown(cid: string, ref: string | null): Promise<boolean>;
}

export interface OutboxEvent {
  id: number;
  type: string;
  body: Uint8Array;
}

/**
 * Firehose events written in the same transaction as what they describe, until the sequencer moves them
 * to the firehose log.
 */
export interface Outbox {
  /** Queues account events (then a #sync of the current commit if asked) in order with the commits. */
  queue(events: AccountEvent[], opts?: { sync?: boolean }): Promise<void>;
  /** Events after `afterId`, oldest first. */
  pending(afterId: number): Promise<OutboxEvent[]>;
  /** The highest id this store ever assigned: ids start over when a store is created again. */
  lastAssignedId(): Promise<number>;
  /** How far the sequencer has moved this outbox in this process (0: not known yet). */
  drainedId(): Promise<number>;
  /** Events up to `id` are in the firehose log; a later write may delete them. */
  markDrained(id: number): Promise<void>;
}

/** One private preference: any JSON object named by its `$type`. */
export type Preference = { $type: string } & Record<string, unknown>;

/** Whether the caller may see (or replace) a preference of this type. */
export type PreferenceVisibility = (type: string) => boolean;

export interface PreferencesStore {
  /** The preferences of a namespace ("app.bsky") the caller may see, in the order they were put. */
  list(namespace: string, visible: PreferenceVisibility): Promise<Preference[]>;
  /**
   * Replaces the namespace's preferences the caller may write by `prefs`, in one transaction; those it
   * may not write (read-only, or beyond its scope) are kept.
   */
  replace(namespace: string, prefs: Preference[], writable: PreferenceVisibility): Promise<void>;
}
