// The write path: one signed commit per call. Applies prepared writes to the cached MST, signs the
// commit, and in ONE actor-DB transaction stores new blocks, drops unreachable ones, updates the
// record index, blob references and head, and queues the firehose #commit in the outbox. The caller
// then drains the outbox to the sequencer.
import { TID } from "@atproto/common";
import type { Keypair } from "@atproto/crypto";
import { cidForLex, encode } from "@atproto/lex-cbor";
import type { Cid, LexMap } from "@atproto/lex-data";
import { BlockMap, DataDiff, MST, signCommit } from "@atproto/repo";
import { transact } from "@atrarium/sqlite";
import type { BlobStore } from "../blob/blobstore.ts";
import { carFile } from "../repo/car.ts";
import type { PreparedWrite } from "../repo/prepare.ts";
import { coveringProofCids } from "../repo/proof-cids.ts";
import { XrpcError } from "../xrpc/errors.ts";
import type { Actor } from "./actor.ts";
import {
  applyRecordBlobs,
  prepareRecordBlobs,
  type RecordBlobChanges,
  settleBlobFiles,
} from "./record-blobs.ts";

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

export interface ExtraEvent {
  type: "#identity" | "#account";
  body: LexMap;
}

// `announce: false` writes the genesis commit without any firehose event: an account migrating in is
// announced when it is activated, not before.
export async function createRepo(
  actor: Actor,
  keypair: Keypair,
  before: ExtraEvent[],
  opts: { announce?: boolean } = {},
): Promise<CommitResult> {
  return actor.lock.run(async () => {
    const data = await MST.create(actor.blocks, []);
    const root = await data.getPointer();
    const { bytes: rootBytes } = await data.serialize();
    const newBlocks = new BlockMap();
    newBlocks.set(root, rootBytes);
    // A new repo is also announced with #sync (sync v1.1): it carries the signed commit alone, so a
    // consumer can start tracking the repo without any prior state.
    return persistCommit(actor, keypair, { data, root, prev: null, newBlocks, relevant: newBlocks }, [], {
      removed: [],
      before,
      announceSync: true,
      silent: opts.announce === false,
    });
  });
}

export async function commitWrites(
  actor: Actor,
  writes: PreparedWrite[],
  opts: { swapCommit?: Cid; blobstore: BlobStore; onBlobError?: (err: unknown) => void },
): Promise<CommitResult> {
  const keypair = await actor.getKeypair();
  return actor.lock.run(async () => {
    const head = await actor.getHead();
    if (opts.swapCommit && !opts.swapCommit.equals(head.cid)) {
      throw new XrpcError(400, "InvalidSwap", `Commit was at ${head.cid.toString()}`);
    }
    let data = head.data;
    const ops: CommitOp[] = [];
    const leaves = new BlockMap();
    for (const w of writes) {
      const path = `${w.collection}/${w.rkey}`;
      const current = await data.get(path);
      if (w.swapCid !== undefined) {
        const matches = w.swapCid === null ? current === null : current?.equals(w.swapCid);
        if (!matches)
          throw new XrpcError(400, "InvalidSwap", `Record was at ${current?.toString() ?? "null"}`);
      }
      if (w.action === "delete") {
        if (!current) throw new XrpcError(400, "InvalidRequest", `Could not find record: ${path}`);
        data = await data.delete(path);
        ops.push({ action: "delete", path, cid: null, prev: current });
        continue;
      }
      leaves.set(w.cid, w.bytes);
      if (current) {
        if (w.action === "create")
          throw new XrpcError(400, "InvalidRequest", `Record already exists: ${path}`);
        data = await data.update(path, w.cid);
        ops.push({ action: "update", path, cid: w.cid, prev: current });
      } else {
        data = await data.add(path, w.cid);
        ops.push({ action: "create", path, cid: w.cid });
      }
    }
    const root = await data.getPointer();
    const diff = await DataDiff.of(data, head.data);
    const newBlocks = diff.newMstBlocks;
    for (const cid of diff.newLeafCids.toList()) {
      const bytes = leaves.get(cid);
      if (bytes) newBlocks.set(cid, bytes);
    }
    const relevant = await relevantBlocks(actor, data, ops, newBlocks, leaves);
    const prevData = await head.data.getPointer();
    const blobs = await prepareRecordBlobs(actor, opts.blobstore, writes);
    const result = await persistCommit(
      actor,
      keypair,
      { data, root, prev: { head, prevData }, newBlocks, relevant },
      ops,
      { removed: diff.removedCids.toList(), before: [], blobs },
    );
    await settleBlobFiles(actor, opts.blobstore, blobs, result.droppedBlobs, opts.onBlobError ?? (() => {}));
    return result;
  });
}

// New blocks, every written record (a record whose content some record already had is no new block,
// yet a consumer verifying the op needs it), and the covering proof of every op (some proof nodes are
// unchanged, so read from disk).
async function relevantBlocks(
  actor: Actor,
  data: MST,
  ops: CommitOp[],
  newBlocks: BlockMap,
  written: BlockMap,
): Promise<BlockMap> {
  const proof = new Map<string, Cid>();
  for (const op of ops) await coveringProofCids(data, op.path, proof);
  const out = new BlockMap();
  out.addMap(newBlocks);
  out.addMap(written);
  for (const cid of proof.values()) {
    if (out.has(cid)) continue;
    const bytes = actor.blocks.getBytesSync(cid);
    if (!bytes) throw new Error(`missing proof block ${cid.toString()}`);
    out.set(cid, bytes);
  }
  return out;
}

interface TreeChange {
  data: MST;
  root: Cid;
  prev: { head: { cid: Cid; rev: string }; prevData: Cid } | null;
  newBlocks: BlockMap;
  relevant: BlockMap;
}

async function persistCommit(
  actor: Actor,
  keypair: Keypair,
  change: TreeChange,
  ops: CommitOp[],
  extra: {
    removed: Cid[];
    before: ExtraEvent[];
    announceSync?: boolean;
    silent?: boolean;
    blobs?: RecordBlobChanges;
  },
): Promise<CommitResult & { droppedBlobs: string[] }> {
  const rev = TID.nextStr(change.prev?.head.rev);
  const commit = await signCommit(
    { did: actor.did, version: 3, rev, prev: null, data: change.root },
    keypair,
  );
  const commitBytes = encode(commit as unknown as LexMap);
  const commitCid = await cidForLex(commit as unknown as LexMap);
  change.relevant.set(commitCid, commitBytes);
  const carBlocks = carFile(
    commitCid,
    change.relevant.entries().map(({ cid, bytes }) => ({ cid: cid.bytes, bytes })),
  );
  const event: LexMap = {
    rebase: false,
    tooBig: false,
    repo: actor.did,
    commit: commitCid,
    rev,
    since: change.prev?.head.rev ?? null,
    blocks: carBlocks,
    ops: ops.map((op) => {
      const o: LexMap = { action: op.action, path: op.path, cid: op.cid };
      if (op.prev) o.prev = op.prev;
      return o;
    }),
    blobs: extra.blobs?.newBlobCids ?? [],
  };
  if (change.prev) event.prevData = change.prev.prevData;
  const syncEvent: LexMap | null = extra.announceSync
    ? { did: actor.did, rev, blocks: carFile(commitCid, [{ cid: commitCid.bytes, bytes: commitBytes }]) }
    : null;
  const now = new Date().toISOString();

  const droppedBlobs = transact(actor.db, () => {
    const putBlock = actor.stmt("INSERT OR IGNORE INTO repo_block (cid, repo_rev, content) VALUES (?, ?, ?)");
    for (const { cid, bytes } of change.newBlocks.entries()) putBlock.run(cid.bytes, rev, bytes);
    putBlock.run(commitCid.bytes, rev, commitBytes);
    writeRecordIndex(actor, ops, rev, now);
    const dropped = extra.blobs ? applyRecordBlobs(actor, extra.blobs) : [];
    const delBlock = actor.stmt("DELETE FROM repo_block WHERE cid = ?");
    const stillUsed = actor.stmt("SELECT 1 FROM record WHERE cid = ? LIMIT 1");
    for (const cid of extra.removed) {
      // A record CID can be shared by two records with identical content: keep it while one remains.
      if (!stillUsed.get(cid.bytes)) delBlock.run(cid.bytes);
    }
    if (change.prev) delBlock.run(change.prev.head.cid.bytes);
    actor
      .stmt(
        `INSERT INTO repo_root (id, did, cid, rev, indexed_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET cid = excluded.cid, rev = excluded.rev, indexed_at = excluded.indexed_at`,
      )
      .run(actor.did, commitCid.bytes, rev, now);
    actor.stmt("DELETE FROM outbox WHERE id <= ?").run(actor.drainedOutboxId);
    if (!extra.silent) {
      const queue = actor.stmt("INSERT INTO outbox (event_type, body) VALUES (?, ?)");
      for (const e of extra.before) queue.run(e.type, encode(e.body));
      queue.run("#commit", encode(event));
      if (syncEvent) queue.run("#sync", encode(syncEvent));
    }
    return dropped;
  });
  actor.setHead({ cid: commitCid, rev, data: change.data });
  return { cid: commitCid, rev, ops, droppedBlobs };
}

function writeRecordIndex(actor: Actor, ops: CommitOp[], rev: string, now: string): void {
  const upsert = actor.stmt(
    `INSERT INTO record (uri, cid, collection, rkey, repo_rev, indexed_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (uri) DO UPDATE SET cid = excluded.cid, repo_rev = excluded.repo_rev, indexed_at = excluded.indexed_at`,
  );
  const del = actor.stmt("DELETE FROM record WHERE uri = ?");
  for (const op of ops) {
    const [collection, rkey] = op.path.split("/");
    const uri = `at://${actor.did}/${op.path}`;
    if (op.action === "delete") del.run(uri);
    else upsert.run(uri, (op.cid as Cid).bytes, collection, rkey, rev, now);
  }
}
