// invertCommitOps on a realistic commit: a tree of records, a commit mixing creates, updates and
// deletes, and a frame carrying only the new MST blocks plus covering proofs, as a sync v1.1 #commit.
import { cidForLex } from "@atproto/lex-cbor";
import type { Cid } from "@atproto/lex-data";
import { BlockMap, blocksToCarFile, DataDiff, MemoryBlockstore, MST } from "@atproto/repo";
import { describe, expect, it } from "vitest";
import {
  type CommitOp,
  InvalidCommitOpError,
  invertCommitOps,
  MissingCommitBlockError,
} from "../support/commit-ops-inversion.ts";

type Frame = { prevData: Cid; data: Cid; blocks: BlockMap; ops: CommitOp[] };

const keyFor = (i: number) => `com.example.record/${String(i).padStart(6, "0")}`;
const valueFor = (i: number, version = 0) => cidForLex({ $type: "com.example.record", i, version });

// 60 keys spread the tree over a few layers; the commit touches keys at both ends and in the middle.
async function makeFrame(): Promise<Frame> {
  let tree = await MST.create(new MemoryBlockstore());
  for (let i = 0; i < 60; i++) tree = await tree.add(keyFor(i), await valueFor(i));
  const before = tree;
  const prevData = await tree.getPointer();

  const ops: CommitOp[] = [];
  for (const i of [60, 61, 99]) {
    const cid = await valueFor(i);
    tree = await tree.add(keyFor(i), cid);
    ops.push({ action: "create", path: keyFor(i), cid, prev: null });
  }
  for (const i of [0, 30]) {
    const cid = await valueFor(i, 1);
    tree = await tree.update(keyFor(i), cid);
    ops.push({ action: "update", path: keyFor(i), cid, prev: await valueFor(i) });
  }
  for (const i of [17, 59]) {
    tree = await tree.delete(keyFor(i));
    ops.push({ action: "delete", path: keyFor(i), cid: null, prev: await valueFor(i) });
  }
  const data = await tree.getPointer();

  const blocks = new BlockMap();
  blocks.addMap((await DataDiff.of(tree, before)).newMstBlocks);
  for (const op of ops) blocks.addMap(await tree.getCoveringProof(op.path));
  return { prevData, data, blocks, ops };
}

function without(blocks: BlockMap, dropped: Cid): BlockMap {
  const kept = new BlockMap();
  for (const [cid, bytes] of blocks) if (!cid.equals(dropped)) kept.set(cid, bytes);
  return kept;
}

describe("invertCommitOps", () => {
  let framing: Promise<Frame> | undefined;
  const frame = (): Promise<Frame> => {
    framing ??= makeFrame();
    return framing;
  };

  it("returns prevData from the frame's blocks (BlockMap)", async () => {
    const { prevData, data, blocks, ops } = await frame();
    expect(data.equals(prevData)).toBe(false);
    expect((await invertCommitOps({ blocks, root: data, ops })).toString()).toBe(prevData.toString());
  });

  it("accepts the frame's CAR bytes as well", async () => {
    const { prevData, data, blocks, ops } = await frame();
    const car = await blocksToCarFile(data, blocks);
    expect((await invertCommitOps({ blocks: car, root: data, ops })).toString()).toBe(prevData.toString());
  });

  it("gives a different root when an op is left out, so comparing with prevData catches it", async () => {
    const { prevData, data, blocks, ops } = await frame();
    const inverted = await invertCommitOps({ blocks, root: data, ops: ops.slice(1) });
    expect(inverted.toString()).not.toBe(prevData.toString());
  });

  it("returns the root unchanged for a commit without ops", async () => {
    const { data, blocks } = await frame();
    expect((await invertCommitOps({ blocks, root: data, ops: [] })).toString()).toBe(data.toString());
  });

  it("names the missing block when the frame lacks one it needs", async () => {
    const { data, blocks, ops } = await frame();
    const attempt = invertCommitOps({ blocks: without(blocks, data), root: data, ops });
    await expect(attempt).rejects.toBeInstanceOf(MissingCommitBlockError);
    await expect(attempt).rejects.toThrow(`commit blocks are missing block ${data.toString()}`);
  });

  it("rejects ops that disagree with the tree", async () => {
    const { data, blocks, ops } = await frame();
    const create = ops.find((op) => op.action === "create");
    const del = ops.find((op) => op.action === "delete");
    if (!create || !del) throw new Error("frame has no create or delete op");
    const wrongCid: CommitOp = { ...create, cid: await valueFor(12345) };
    await expect(invertCommitOps({ blocks, root: data, ops: [wrongCid] })).rejects.toThrow(
      /cannot invert commit op on .*: tree holds/,
    );
    // Claiming a delete of a key that is still present (an existing key, at its current value).
    const stillThere: CommitOp = {
      action: "delete",
      path: "com.example.record/000001",
      cid: null,
      prev: del.prev,
    };
    await expect(invertCommitOps({ blocks, root: data, ops: [stillThere] })).rejects.toBeInstanceOf(
      InvalidCommitOpError,
    );
  });

  it("rejects malformed ops before reading any block", async () => {
    const cid = await valueFor(1);
    const empty = new BlockMap();
    const cases: [CommitOp[], RegExp][] = [
      [[{ action: "update", path: keyFor(1), cid }], /update op has no prev/],
      [[{ action: "delete", path: keyFor(1), cid: null }], /delete op has no prev/],
      [[{ action: "delete", path: keyFor(1), cid, prev: cid }], /delete op has a cid/],
      [[{ action: "create", path: keyFor(1), cid: null }], /create op has no cid/],
      [[{ action: "create", path: keyFor(1), cid, prev: cid }], /create op has a prev/],
      [[{ action: "create", path: "no-collection", cid }], /not a valid MST key/],
      [
        [
          { action: "create", path: keyFor(1), cid },
          { action: "delete", path: keyFor(1), cid: null, prev: cid },
        ],
        /more than one op/,
      ],
    ];
    for (const [ops, message] of cases) {
      // An empty block set proves the check happens first: reading would raise MissingCommitBlockError.
      await expect(invertCommitOps({ blocks: empty, root: cid, ops })).rejects.toThrow(message);
    }
  });
});
