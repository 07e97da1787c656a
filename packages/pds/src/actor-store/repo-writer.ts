// The three ways a repo changes, each preparing its new tree under the actor's write lock and then
// committing through applyCommit (apply-commit.ts): the genesis commit of a new account, record writes,
// and an imported repo replacing the current one (an account migrating in).
import type { Cid } from "@atproto/lex-data";
import { BlockMap, DataDiff, MST } from "@atproto/repo";
import type { PreparedWrite } from "../repo/prepare.ts";
import { coveringProofCids } from "../repo/proof-cids.ts";
import { XrpcError } from "../xrpc/errors.ts";
import type { SqliteActor } from "./actor.ts";
import { applyCommit } from "./apply-commit.ts";
import { prepareImportBlobs, prepareRecordBlobs } from "./record-blobs.ts";
import type { AccountEvent, CommitOp, CommitResult, ImportedRepo } from "./types.ts";

const noBlobs = () => ({ refs: new Map(), cleared: [], madePermanent: new Map(), newBlobCids: [] });

export async function createRepo(
  actor: SqliteActor,
  opts: { events: AccountEvent[]; announce: boolean },
): Promise<CommitResult> {
  const keypair = await actor.getKeypair();
  return actor.lock.run(async () => {
    const data = await MST.create(actor.blocks, []);
    const { bytes } = await data.serialize();
    const newBlocks = new BlockMap();
    newBlocks.set(await data.getPointer(), bytes);
    return applyCommit(actor, keypair, {
      data,
      prev: null,
      newBlocks,
      removedCids: [],
      ops: [],
      blobs: noBlobs(),
      firehose: opts.announce ? { before: opts.events, proofBlocks: newBlocks, sync: true } : null,
    });
  });
}

export async function applyWrites(
  actor: SqliteActor,
  writes: PreparedWrite[],
  opts: { swapCommit?: Cid } = {},
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
    const diff = await DataDiff.of(data, head.data);
    const newBlocks = diff.newMstBlocks;
    for (const cid of diff.newLeafCids.toList()) {
      const bytes = leaves.get(cid);
      if (bytes) newBlocks.set(cid, bytes);
    }
    const proofBlocks = await relevantBlocks(actor, data, ops, newBlocks, leaves);
    const prevData = await head.data.getPointer();
    const blobs = await prepareRecordBlobs(actor, writes);
    return applyCommit(actor, keypair, {
      data,
      prev: { cid: head.cid, rev: head.rev, data: prevData },
      newBlocks,
      removedCids: diff.removedCids.toList(),
      ops,
      blobs,
      firehose: { before: [], proofBlocks, sync: false },
    });
  });
}

// No firehose event: activation announces the account with a #sync of the commit made here.
export async function importRepo(actor: SqliteActor, repo: ImportedRepo): Promise<CommitResult> {
  const keypair = await actor.getKeypair();
  return actor.lock.run(async () => {
    const current = actor.rootRow();
    const records = repo.records.map((r) => ({ ...r, uri: `at://${actor.did}/${r.collection}/${r.rkey}` }));
    const blobs = await prepareImportBlobs(actor, records);
    return applyCommit(actor, keypair, {
      data: MST.load(actor.blocks, repo.dataRoot),
      prev: current ? { ...current, data: null } : null,
      minRev: repo.rev,
      newBlocks: repo.blocks,
      removedCids: [],
      replaceAll: true,
      ops: records.map((r) => ({ action: "create", path: `${r.collection}/${r.rkey}`, cid: r.cid })),
      blobs,
      firehose: null,
    });
  });
}

// New blocks, every written record (a record whose content some record already had is no new block,
// yet a consumer verifying the op needs it), and the covering proof of every op (some proof nodes are
// unchanged, so read from disk).
async function relevantBlocks(
  actor: SqliteActor,
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
