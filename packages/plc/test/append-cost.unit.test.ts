// An append must cost what it validates (the op named by `prev` and any after it), not the DID's
// whole log: a long log must not make every further operation slower, or a DID with a long history
// becomes a way to load the directory. Measured deterministically, by the operation rows the store
// reads from SQLite and by SQLite's own query plans, never by timing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { type Operation, updateHandleOp } from "@did-plc/lib";
import { afterEach, describe, expect, it } from "vitest";
import { cidForOp, PlcStore } from "../src/index.ts";
import { OP_QUERIES } from "../src/store/op-queries.ts";
import { PLC_MIGRATIONS } from "../src/store/schema.ts";
import { newIdentity } from "./helpers.ts";

const HOUR = 3_600_000;
// Long enough that reading the whole log (what an unbounded append did) is far above the bounds
// asserted below; every operation is signed and verified, so longer only costs time.
const LOG = 120;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanups.splice(0)) fn();
});

function tempDbPath(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "atrarium-plc-cost-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, "plc.sqlite");
}

describe("append cost", () => {
  it("an append on a DID with 120 operations reads a bounded number of rows", {
    timeout: 120_000,
  }, async () => {
    let clock = Date.UTC(2030, 0, 1);
    // Two hours apart, so the default caps (10/hour, 30/day, 100/week) stay on and are never reached.
    const store = new PlcStore({ dbPath: ":memory:", now: () => clock });
    cleanups.push(() => store.close());
    const id = await newIdentity("long.test");
    const [recovery, pdsKey] = id.rotation;
    await store.appendOp(id.did, id.genesis);
    const ops: Operation[] = [id.genesis];
    for (let i = 1; i < LOG; i++) {
      clock += 2 * HOUR;
      const op = await updateHandleOp(ops[i - 1], pdsKey, `long${i}.test`);
      await store.appendOp(id.did, op);
      ops.push(op);
    }
    expect(store.ops(id.did)).toHaveLength(LOG);

    // A plain update: it validates against its prev, the latest operation.
    clock += 2 * HOUR;
    const next = await updateHandleOp(ops[LOG - 1], pdsKey, `long${LOG}.test`);
    const before = store.opRowsRead;
    await store.appendOp(id.did, next);
    expect(store.opRowsRead - before).toBeLessThanOrEqual(4);
    ops.push(next);

    // A recovery forking three operations back reads those operations, not the log.
    const recoverOp = await updateHandleOp(ops[LOG - 3], recovery, "long-recovered.test");
    const beforeRecovery = store.opRowsRead;
    await store.appendOp(id.did, recoverOp);
    const forked = 4; // ops[LOG - 3] and the three after it
    expect(store.opRowsRead - beforeRecovery).toBeLessThanOrEqual(2 * forked + 2);
    expect(store.ops(id.did)).toHaveLength(LOG - 1);
    expect(store.lastOp(id.did)?.operation).toEqual(recoverOp);

    // A prev that is no longer in the log is refused without reading the log either.
    const nullified = await updateHandleOp(ops[LOG - 1], pdsKey, "zombie.test");
    const beforeNullified = store.opRowsRead;
    await expect(store.appendOp(id.did, nullified)).rejects.toMatchObject({ reason: "misordered" });
    expect(store.opRowsRead - beforeNullified).toBeLessThanOrEqual(2);
  });

  it("the queries an append runs search an index on exactly the rows they need", () => {
    const db = new DatabaseSync(":memory:");
    cleanups.push(() => db.close());
    for (const migrate of PLC_MIGRATIONS) migrate(db);
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join("; ");
    // Without a sort step, "LIMIT 1" on the live index stops at the newest entry.
    const expected = {
      liveOpByCid: /^SEARCH operations USING INDEX \S+ \(did=\? AND cid=\?\)$/,
      liveOpsAfter: /^SEARCH operations USING INDEX operations_did_live \(did=\? AND created_at>\?\)$/,
      countLiveSince:
        /^SEARCH operations USING COVERING INDEX operations_did_live \(did=\? AND created_at>\?\)$/,
      lastLiveOp: /^SEARCH operations USING INDEX operations_did_live \(did=\?\)$/,
    };
    for (const [name, pattern] of Object.entries(expected)) {
      expect(plan(OP_QUERIES[name as keyof typeof expected]), name).toMatch(pattern);
    }
  });
});

describe("schema", () => {
  it("opens a database written by the first schema version and brings it forward", async () => {
    const dbPath = tempDbPath();
    const old = new DatabaseSync(dbPath);
    // Version 1 exactly as earlier builds created it.
    old.exec(`CREATE TABLE operations (
       seq        INTEGER PRIMARY KEY AUTOINCREMENT,
       did        TEXT    NOT NULL,
       cid        TEXT    NOT NULL,
       operation  TEXT    NOT NULL,
       nullified  INTEGER NOT NULL DEFAULT 0,
       created_at INTEGER NOT NULL,
       UNIQUE (did, cid)
     );
     CREATE INDEX operations_did ON operations (did, seq);
     CREATE UNIQUE INDEX operations_created_at ON operations (created_at);
     PRAGMA user_version = 1;`);
    const id = await newIdentity("old.test");
    const cid = await cidForOp(id.genesis);
    old
      .prepare("INSERT INTO operations (did, cid, operation, nullified, created_at) VALUES (?, ?, ?, 0, ?)")
      .run(id.did, cid, JSON.stringify(id.genesis), Date.now() - HOUR);
    old.close();

    const store = new PlcStore({ dbPath });
    cleanups.push(() => store.close());
    expect(store.lastOp(id.did)?.cid).toBe(cid);
    const next = await updateHandleOp(id.genesis, id.rotation[1], "old2.test");
    await store.appendOp(id.did, next);
    expect(store.ops(id.did).map((o) => o.operation)).toEqual([id.genesis, next]);
    store.close();

    const reopened = new DatabaseSync(dbPath);
    cleanups.push(() => reopened.close());
    const { user_version } = reopened.prepare("PRAGMA user_version").get() as { user_version: number };
    expect(user_version).toBe(PLC_MIGRATIONS.length);
    expect(PLC_MIGRATIONS.length).toBeGreaterThan(1);
  });
});
