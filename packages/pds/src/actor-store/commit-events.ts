// The bodies of the firehose events a commit produces, built in this one place for every commit path.
// #commit carries the blocks a consumer needs to verify and invert its ops (sync v1.1); #sync carries
// the signed commit alone, so a consumer can (re)start tracking the repo from it.
import type { Cid, LexMap } from "@atproto/lex-data";
import { BlockMap, blocksToCarFile } from "@atproto/repo";
import type { AccountEvent, CommitOp } from "./types.ts";

export interface QueuedEvent {
  type: AccountEvent["type"] | "#commit" | "#sync";
  body: LexMap;
}

export interface SignedCommit {
  cid: Cid;
  bytes: Uint8Array;
}

export async function syncEvent(did: string, rev: string, commit: SignedCommit): Promise<QueuedEvent> {
  const blocks = new BlockMap();
  blocks.set(commit.cid, commit.bytes);
  return { type: "#sync", body: { did, rev, blocks: await blocksToCarFile(commit.cid, blocks) } };
}

export async function commitEvent(
  did: string,
  commit: SignedCommit & { rev: string; since: string | null; prevData: Cid | null },
  ops: CommitOp[],
  blocks: BlockMap,
  blobs: Cid[],
): Promise<QueuedEvent> {
  const carBlocks = new BlockMap();
  carBlocks.addMap(blocks);
  carBlocks.set(commit.cid, commit.bytes);
  const body: LexMap = {
    rebase: false,
    tooBig: false,
    repo: did,
    commit: commit.cid,
    rev: commit.rev,
    since: commit.since,
    blocks: await blocksToCarFile(commit.cid, carBlocks),
    ops: ops.map((op) => {
      const o: LexMap = { action: op.action, path: op.path, cid: op.cid };
      if (op.prev) o.prev = op.prev;
      return o;
    }),
    blobs,
  };
  if (commit.prevData) body.prevData = commit.prevData;
  return { type: "#commit", body };
}
