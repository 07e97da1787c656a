// atproto firehose commit-proof fixtures: build the MST from the fixture keys with @atproto/repo,
// apply the commit, compare roots, check the proof blocks, then invert the ops with invertCommitOps
// over the proof blocks alone (sync v1.1: a relay holds nothing but the frame) in every op order.
import { type Cid, parseCid } from "@atproto/lex-data";
import { BlockMap, MemoryBlockstore, MST } from "@atproto/repo";
import { describe, expect, it } from "vitest";
import { type CommitOp, invertCommitOps, MissingCommitBlockError } from "../support/commit-ops-inversion.ts";
import { nonEmpty, readVectorJson } from "./vectors.ts";

type Fixture = {
  comment: string;
  leafValue: string;
  keys: string[];
  adds: string[];
  dels: string[];
  rootBeforeCommit: string;
  rootAfterCommit: string;
  blocksInProof: string[];
};

type Built = { rootBefore: Cid; rootAfter: Cid; proof: BlockMap; ops: CommitOp[] };

const fixtures = nonEmpty(readVectorJson<Fixture[]>("firehose/commit-proof-fixtures.json"), "fixtures");

async function build(fixture: Fixture): Promise<Built> {
  const leaf = parseCid(fixture.leafValue);
  let tree = await MST.create(new MemoryBlockstore());
  for (const key of fixture.keys) tree = await tree.add(key, leaf);
  const rootBefore = await tree.getPointer();
  for (const key of fixture.adds) tree = await tree.add(key, leaf);
  for (const key of fixture.dels) tree = await tree.delete(key);
  const rootAfter = await tree.getPointer();
  // What a sync v1.1 frame carries for the MST: the covering proof of every touched key.
  const proof = new BlockMap();
  for (const key of [...fixture.adds, ...fixture.dels]) proof.addMap(await tree.getCoveringProof(key));
  const ops: CommitOp[] = [
    ...fixture.adds.map((path): CommitOp => ({ action: "create", path, cid: leaf })),
    ...fixture.dels.map((path): CommitOp => ({ action: "delete", path, cid: null, prev: leaf })),
  ];
  return { rootBefore, rootAfter, proof, ops };
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

function without(blocks: BlockMap, dropped: string): BlockMap {
  const kept = new BlockMap();
  for (const [cid, bytes] of blocks) if (cid.toString() !== dropped) kept.set(cid, bytes);
  return kept;
}

describe("interop firehose commit-proof fixtures", () => {
  for (const fixture of fixtures) {
    describe(fixture.comment, () => {
      // Built lazily once per fixture, so a build failure surfaces inside a test, not at collection.
      let building: Promise<Built> | undefined;
      const built = (): Promise<Built> => {
        building ??= build(fixture);
        return building;
      };

      it("tree roots before and after the commit match the fixture", async () => {
        const { rootBefore, rootAfter } = await built();
        expect(rootBefore.toString()).toBe(fixture.rootBeforeCommit);
        expect(rootAfter.toString()).toBe(fixture.rootAfterCommit);
      });

      it("every block the fixture lists is in the proof", async () => {
        const { proof } = await built();
        expect(fixture.blocksInProof.length).toBeGreaterThan(0);
        const absent = fixture.blocksInProof.filter((cid) => !proof.has(parseCid(cid)));
        expect(absent).toEqual([]);
      });

      it("inverting the ops over the proof blocks alone gives rootBeforeCommit, in every op order", async () => {
        const { rootAfter, proof, ops } = await built();
        const orders = permutations(ops);
        expect(orders.length).toBeGreaterThan(0);
        for (const order of orders) {
          const inverted = await invertCommitOps({ blocks: proof, root: rootAfter, ops: order });
          expect(inverted.toString(), order.map((op) => `${op.action} ${op.path}`).join(", ")).toBe(
            fixture.rootBeforeCommit,
          );
        }
      });

      // @atproto/repo's MST does not read every listed block for every commit (README), so a dropped
      // block must either be unneeded or be reported by CID; a wrong root is never acceptable.
      it("with any one listed block dropped, inversion still lands or names that block", async () => {
        const { rootAfter, proof, ops } = await built();
        for (const dropped of fixture.blocksInProof) {
          const outcome = await invertCommitOps({
            blocks: without(proof, dropped),
            root: rootAfter,
            ops,
          }).then(
            (root) => root.toString(),
            (err: unknown) =>
              err instanceof MissingCommitBlockError ? `missing ${err.cid.toString()}` : String(err),
          );
          expect([fixture.rootBeforeCommit, `missing ${dropped}`], `dropped ${dropped}`).toContain(outcome);
        }
      });

      it("without the new root block, inversion fails naming it", async () => {
        const { rootAfter, proof, ops } = await built();
        const attempt = invertCommitOps({
          blocks: without(proof, rootAfter.toString()),
          root: rootAfter,
          ops,
        });
        await expect(attempt).rejects.toBeInstanceOf(MissingCommitBlockError);
        await expect(attempt).rejects.toThrow(`missing block ${rootAfter.toString()}`);
      });
    });
  }
});
