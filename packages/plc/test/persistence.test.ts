// The directory keeps its data in a SQLite file: a restarted server on the same file serves the same
// DIDs and keeps extending their logs.
import { existsSync } from "node:fs";
import { updateHandleOp } from "@did-plc/lib";
import { afterAll, describe, expect, it } from "vitest";
import { type ExportedOp, PlcStore } from "../src/index.ts";
import { expectStatus, getJson, newIdentity, postOp, startTestPlc, type TestPlc } from "./helpers.ts";

const started: TestPlc[] = [];
afterAll(async () => {
  for (const p of started.reverse()) await p.cleanup();
});

describe("persistence", () => {
  it("survives a restart on the same database file", async () => {
    const first = await startTestPlc();
    started.push(first);
    const id = await newIdentity("persist.test");
    await expectStatus(await postOp(first.url, id.did, id.genesis), 200);
    const op1 = await updateHandleOp(id.genesis, id.rotation[1], "persist2.test");
    await expectStatus(await postOp(first.url, id.did, op1), 200);
    const docBefore = (await getJson(`${first.url}/${id.did}`)).body;
    const auditBefore = (await getJson(`${first.url}/${id.did}/log/audit`)).body as ExportedOp[];
    expect(existsSync(`${first.dbPath}-wal`)).toBe(true); // WAL mode while open
    await first.stop();

    const second = await startTestPlc({ dbPath: first.dbPath });
    started.push(second);
    expect((await getJson(`${second.url}/${id.did}`)).body).toEqual(docBefore);
    expect((await getJson(`${second.url}/${id.did}/log/audit`)).body).toEqual(auditBefore);

    // The log keeps growing from where it was, with later timestamps.
    const op2 = await updateHandleOp(op1, id.rotation[1], "persist3.test");
    await expectStatus(await postOp(second.url, id.did, op2), 200);
    const audit = (await getJson(`${second.url}/${id.did}/log/audit`)).body as ExportedOp[];
    expect(audit).toHaveLength(3);
    expect(audit[2].createdAt > audit[1].createdAt).toBe(true);
    await second.stop();
  });

  it("timestamps stay monotonic even if the clock goes backwards across restarts", async () => {
    const first = await startTestPlc();
    started.push(first);
    const id = await newIdentity("clock.test");
    await expectStatus(await postOp(first.url, id.did, id.genesis), 200);
    await first.stop();

    const second = await startTestPlc({ dbPath: first.dbPath, now: () => Date.now() - 86_400_000 });
    started.push(second);
    const op = await updateHandleOp(id.genesis, id.rotation[1], "clock2.test");
    await expectStatus(await postOp(second.url, id.did, op), 200);
    const audit = (await getJson(`${second.url}/${id.did}/log/audit`)).body as ExportedOp[];
    expect(audit[1].createdAt > audit[0].createdAt).toBe(true);
    await second.stop();
  });

  it("the store can be used directly and in memory", async () => {
    const store = new PlcStore({ dbPath: ":memory:" });
    const id = await newIdentity("direct.test");
    const appended = await store.appendOp(id.did, id.genesis);
    expect(store.lastOp(id.did)).toEqual(appended);
    expect(store.exportOps(10)).toHaveLength(1);
    store.close();
    store.close(); // idempotent
  });
});
