// getRepo of a large repo is streamed from the actor store: while a CAR of tens of MiB downloads, the
// process (server and client share it here) grows by a small fraction of the CAR's size, and the CAR
// still verifies against the account's key in our PLC, also when commits land during the download.
// A private stack: the repo is built through the actor store's commit path in batches larger than
// applyWrites allows over HTTP, to stay fast.
import { randomBytes } from "node:crypto";
import { open, readFile } from "node:fs/promises";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { readCarWithRoot, verifyRepoCar } from "@atproto/repo";
import { createTestAccount, localIdResolver, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PreparedWrite, prepareRecordWrite } from "../src/repo/prepare.ts";
import { writeRepo } from "../src/repo/write-repo.ts";
import { type PrivatePds, startPrivatePds } from "./support/private-pds.ts";

const RECORDS = 25_000;
const BATCH = 500;
// Incompressible padding: ~25k x 2.6 KiB makes a CAR of about 64 MiB.
const PAD_BYTES = 1900;
const COLLECTION = "com.example.bulk";

// A collection without a lexicon is stored unvalidated, so preparing the records stays cheap.
async function bulkWrites(from: number, count: number): Promise<PreparedWrite[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      prepareRecordWrite(stack.pds.ctx.lexicons, "create", {
        collection: COLLECTION,
        record: { $type: COLLECTION, n: from + i, pad: randomBytes(PAD_BYTES).toString("base64") },
      }),
    ),
  );
}

// A collection before measuring, so garbage from building the repo is not counted against the export.
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

const signingKey = async () =>
  (await localIdResolver(stack.plcUrl, stack.pdsUrl).did.resolveAtprotoData(acct.did)).signingKey;

let stack: PrivatePds;
let acct: TestAccount;

describe("getRepo of a large repo (private stack)", () => {
  beforeAll(async () => {
    stack = await startPrivatePds();
    acct = await createTestAccount(stack.pdsUrl);
    const deadline = Date.now() + 60_000;
    for (let from = 0; from < RECORDS; from += BATCH) {
      if (Date.now() > deadline) throw new Error(`repo build too slow: ${from} records in 60 s`);
      await writeRepo(stack.pds.ctx, acct.did, await bulkWrites(from, BATCH));
    }
  }, 120_000);
  afterAll(() => stack?.close());

  it("streams a CAR that verifies, with RSS growth far below its size", async () => {
    const file = path.join(stack.dataDir, "repo.car");
    const out = await open(file, "w");
    gc();
    const rssBefore = process.memoryUsage.rss();
    let rssPeak = rssBefore;
    let bytes = 0;
    try {
      const res = await fetch(`${stack.pdsUrl}/xrpc/com.atproto.sync.getRepo?did=${acct.did}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/vnd.ipld.car");
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.byteLength;
        await out.write(chunk);
        rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
      }
    } finally {
      await out.close();
    }
    const growth = rssPeak - rssBefore;
    console.log(
      `getRepo: CAR ${(bytes / 2 ** 20).toFixed(1)} MiB, RSS growth ${(growth / 2 ** 20).toFixed(1)} MiB` +
        ` (before ${(rssBefore / 2 ** 20).toFixed(0)} MiB)`,
    );
    expect(bytes).toBeGreaterThan(RECORDS * PAD_BYTES);
    expect(growth).toBeLessThan(bytes / 4);

    const verified = await verifyRepoCar(await readFile(file), acct.did, await signingKey());
    expect(verified.creates.filter((c) => c.collection === COLLECTION)).toHaveLength(RECORDS);
  }, 120_000);

  // Each commit deletes the blocks it made unreachable; the export reads one snapshot, so the CAR is
  // the repo as of its head when the download started, whole.
  it("serves a whole CAR of the head it started at while commits land", async () => {
    const { records } = await stack.pds.ctx.actors.get(acct.did).records.list({
      collection: COLLECTION,
      limit: 50,
    });
    const head = await stack.pds.ctx.actors.get(acct.did).repo.root();
    const res = await fetch(`${stack.pdsUrl}/xrpc/com.atproto.sync.getRepo?did=${acct.did}`);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const chunks: Uint8Array[] = [];
    const first = await reader.read();
    if (first.value) chunks.push(first.value);
    const deletes: PreparedWrite[] = records.map((r) => ({
      action: "delete",
      collection: COLLECTION,
      rkey: r.uri.split("/").pop() as string,
    }));
    for (let i = 0; i < deletes.length; i += 10)
      await writeRepo(stack.pds.ctx, acct.did, deletes.slice(i, i + 10));
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);

    const car = Buffer.concat(chunks);
    expect((await readCarWithRoot(car)).root.toString()).toBe(head?.cid.toString());
    const verified = await verifyRepoCar(car, acct.did, await signingKey());
    expect(verified.creates.filter((c) => c.collection === COLLECTION)).toHaveLength(RECORDS);
    const now = await stack.pds.ctx.actors.get(acct.did).records.count();
    expect(now).toBe(RECORDS - records.length);
  }, 120_000);
});
