// The pure rules, without HTTP: recovery-window edges, timestamp order, and the store's refusal to
// commit against a log that another writer changed meanwhile.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { updateHandleOp } from "@did-plc/lib";
import { describe, expect, it } from "vitest";
import {
  assertValidIncomingOp,
  assureValidNextOp,
  cidForOp,
  didForGenesisOp,
  type IndexedOp,
  type OpOrTombstone,
  PlcOperationError,
  PlcStore,
  RECOVERY_WINDOW_MS,
} from "../src/index.ts";
import { newIdentity } from "./helpers.ts";

async function indexed(did: string, operation: OpOrTombstone, at: number): Promise<IndexedOp> {
  return { did, operation, cid: await cidForOp(operation), nullified: false, createdAt: new Date(at) };
}

async function reason(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof PlcOperationError))
    throw new Error(`expected a PlcOperationError, got ${String(err)}`);
  return err.reason;
}

describe("assureValidNextOp", () => {
  it("derives the DID from the genesis op", async () => {
    const id = await newIdentity();
    expect(await didForGenesisOp(id.genesis)).toBe(id.did);
    expect(await assureValidNextOp(id.did, [], id.genesis, new Date())).toEqual({
      prev: null,
      nullified: [],
    });
    expect(await reason(assureValidNextOp(id.did.slice(0, -1), [], id.genesis, new Date()))).toBe(
      "invalid-did",
    );
  });

  it("the recovery window is 72 hours from the first nullified op, inclusive", async () => {
    const id = await newIdentity();
    const [recovery, pdsKey] = id.rotation;
    const t0 = Date.UTC(2025, 0, 1);
    const byPds = await updateHandleOp(id.genesis, pdsKey, "p.test");
    const log = [await indexed(id.did, id.genesis, t0), await indexed(id.did, byPds, t0 + 1000)];
    const recoverOp = await updateHandleOp(id.genesis, recovery, "r.test");

    const atEdge = new Date(t0 + 1000 + RECOVERY_WINDOW_MS);
    expect(await assureValidNextOp(id.did, log, recoverOp, atEdge)).toEqual({
      prev: log[0].cid,
      nullified: [log[1].cid],
    });
    const late = new Date(atEdge.getTime() + 1);
    expect(await reason(assureValidNextOp(id.did, log, recoverOp, late))).toBe("late-recovery");
  });

  it("refuses a timestamp not after the latest op", async () => {
    const id = await newIdentity();
    const t0 = Date.UTC(2025, 0, 1);
    const log = [await indexed(id.did, id.genesis, t0)];
    const next = await updateHandleOp(id.genesis, id.rotation[1], "n.test");
    expect(await reason(assureValidNextOp(id.did, log, next, new Date(t0)))).toBe("misordered");
    expect((await assureValidNextOp(id.did, log, next, new Date(t0 + 1))).prev).toBe(log[0].cid);
  });

  it("assertValidIncomingOp names legacy ops and shape errors", () => {
    expect(() => assertValidIncomingOp({ type: "create" })).toThrow(/Legacy 'create'/);
    expect(() => assertValidIncomingOp([])).toThrow(/expected a JSON object/);
    expect(() => assertValidIncomingOp({ type: "plc_tombstone", prev: "x" })).toThrow(/sig: Required/);
  });
});

describe("PlcStore commit", () => {
  it("refuses (conflict) when another writer changed the log after validation", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "atrarium-plc-store-"));
    const dbPath = path.join(dir, "plc.sqlite");
    // Two stores on one file stand in for two processes: separate locks, one database.
    const a = new PlcStore({ dbPath });
    const b = new PlcStore({ dbPath });
    try {
      const id = await newIdentity();
      await a.appendOp(id.did, id.genesis);
      const opA = await updateHandleOp(id.genesis, id.rotation[1], "a.test");
      const opB = await updateHandleOp(id.genesis, id.rotation[1], "b.test");
      const results = await Promise.allSettled([a.appendOp(id.did, opA), b.appendOp(id.did, opB)]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(PlcOperationError);
      // Both validated against the one-op log before either committed; the second commit notices.
      expect((rejected.reason as PlcOperationError).reason).toBe("conflict");
      expect(a.ops(id.did)).toHaveLength(2);
      expect(b.ops(id.did, { includeNullified: true })).toHaveLength(2);
    } finally {
      a.close();
      b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
