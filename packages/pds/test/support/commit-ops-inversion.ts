// Sync v1.1 commit inversion: a #commit frame must carry every MST block needed to replay its ops
// backwards, and replaying them must land exactly on the commit's `prevData`. Relays use this to accept
// a frame without holding the repo; we use it to check our own frames (and the interop fixtures).
import type { Cid } from "@atproto/lex-data";
import { BlockMap, MemoryBlockstore, MST, mstUtil, readCar } from "@atproto/repo";

export type CommitOpAction = "create" | "update" | "delete";

/** One op of a #commit frame: `cid` is the value after the commit, `prev` the value before it. */
export type CommitOp = {
  action: CommitOpAction;
  path: string;
  cid: Cid | null;
  prev?: Cid | null;
};

export type InvertCommitOpsInput = {
  /** The frame's blocks: a BlockMap, or the raw CAR bytes of the frame's `blocks` field. */
  blocks: BlockMap | Uint8Array;
  /** The MST root after the commit (the commit object's `data`). */
  root: Cid;
  ops: readonly CommitOp[];
};

/** A block the inversion had to read is not among the frame's blocks. */
export class MissingCommitBlockError extends Error {
  readonly cid: Cid;
  /** The op being inverted when the block was needed; null when computing the final root. */
  readonly path: string | null;

  constructor(cid: Cid, path: string | null, cause: unknown) {
    const during = path === null ? "computing the inverted root" : `inverting the op on ${path}`;
    super(`commit blocks are missing block ${cid.toString()}, needed while ${during}`, { cause });
    this.name = "MissingCommitBlockError";
    this.cid = cid;
    this.path = path;
  }
}

/** The ops are malformed or do not describe the tree they claim to have produced. */
export class InvalidCommitOpError extends Error {
  readonly path: string;

  constructor(path: string, reason: string) {
    super(`cannot invert commit op on ${path}: ${reason}`);
    this.name = "InvalidCommitOpError";
    this.path = path;
  }
}

// @atproto/repo throws an unexported MissingBlockError; recording reads that came back empty lets us
// name the missing CID without depending on that class or on its message text.
class RecordingBlockstore extends MemoryBlockstore {
  readonly missing: Cid[] = [];

  override async getBytes(cid: Cid): Promise<Uint8Array | null> {
    const bytes = await super.getBytes(cid);
    if (bytes === null) this.missing.push(cid);
    return bytes;
  }
}

/**
 * Applies the inverse of each op (create -> delete, update -> restore prev, delete -> re-add prev) to
 * the partial MST held in `blocks`, starting at `root`, and returns the resulting root CID. The caller
 * compares it with the commit's `prevData`. Throws MissingCommitBlockError when the blocks are not
 * enough, InvalidCommitOpError when an op is malformed or disagrees with the tree.
 */
export async function invertCommitOps(input: InvertCommitOpsInput): Promise<Cid> {
  const blocks = input.blocks instanceof BlockMap ? input.blocks : (await readCar(input.blocks)).blocks;
  checkOps(input.ops);
  const storage = new RecordingBlockstore(blocks);
  let tree = MST.load(storage, input.root);
  // Paths are distinct, so the order does not change the result; undoing last-to-first is the natural
  // reading of "inverse" and keeps error reports pointing at the latest op first.
  for (const op of [...input.ops].reverse()) {
    const current = tree;
    tree = await reportMissingBlocks(storage, op.path, () => invertOne(current, op));
  }
  const inverted = tree;
  return reportMissingBlocks(storage, null, () => inverted.getPointer());
}

async function invertOne(tree: MST, op: CommitOp): Promise<MST> {
  const current = await tree.get(op.path);
  switch (op.action) {
    case "create":
      expectValue(op, current, op.cid);
      return tree.delete(op.path);
    case "update":
      expectValue(op, current, op.cid);
      return tree.update(op.path, requirePrev(op));
    case "delete":
      if (current !== null) {
        throw new InvalidCommitOpError(op.path, `deleted key still holds ${current.toString()}`);
      }
      return tree.add(op.path, requirePrev(op));
  }
}

// Shape rules of sync v1.1 ops, checked before touching the tree so a malformed frame is reported as
// such rather than as a confusing tree mismatch.
function checkOps(ops: readonly CommitOp[]): void {
  const seen = new Set<string>();
  for (const op of ops) {
    if (!mstUtil.isValidMstKey(op.path)) {
      throw new InvalidCommitOpError(op.path, "path is not a valid MST key");
    }
    if (seen.has(op.path)) throw new InvalidCommitOpError(op.path, "path appears in more than one op");
    seen.add(op.path);
    switch (op.action) {
      case "create":
        if (!op.cid) throw new InvalidCommitOpError(op.path, "create op has no cid");
        if (op.prev) throw new InvalidCommitOpError(op.path, "create op has a prev");
        break;
      case "update":
        if (!op.cid) throw new InvalidCommitOpError(op.path, "update op has no cid");
        requirePrev(op);
        break;
      case "delete":
        if (op.cid) throw new InvalidCommitOpError(op.path, "delete op has a cid");
        requirePrev(op);
        break;
      default:
        throw new InvalidCommitOpError(op.path, `unknown action ${JSON.stringify(op.action)}`);
    }
  }
}

function requirePrev(op: CommitOp): Cid {
  if (!op.prev) {
    throw new InvalidCommitOpError(op.path, `${op.action} op has no prev (frames before sync v1.1 lack it)`);
  }
  return op.prev;
}

function expectValue(op: CommitOp, actual: Cid | null, expected: Cid | null): void {
  if (actual === null || expected === null || !actual.equals(expected)) {
    const found = actual === null ? "nothing" : actual.toString();
    throw new InvalidCommitOpError(op.path, `tree holds ${found}, op says ${String(expected)}`);
  }
}

async function reportMissingBlocks<T>(
  storage: RecordingBlockstore,
  path: string | null,
  run: () => Promise<T>,
): Promise<T> {
  const seenBefore = storage.missing.length;
  try {
    return await run();
  } catch (err) {
    const missing = storage.missing[seenBefore];
    if (missing !== undefined) throw new MissingCommitBlockError(missing, path, err);
    throw err;
  }
}
