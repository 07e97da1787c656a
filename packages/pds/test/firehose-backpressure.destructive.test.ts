// A firehose consumer that stops reading: the PDS (its own process) must keep its memory bounded while
// large commits keep coming, then drop the consumer with ConsumerTooSlow, and keep serving others.
import { randomBytes } from "node:crypto";
import type { Socket } from "node:net";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { decodeFrame, type Frame, subscribeFrames, wsUrlOf } from "./firehose-frames.ts";
import { type PdsProcess, startPdsProcess } from "./pds-process.ts";

const BUFFER_BYTES = 1024 * 1024;
// Longer than a phase of writes normally takes: the paused consumer stays attached through them.
const STALL_MS = 15_000;
const RECORD_BYTES = 60 * 1024;
const RECORDS_PER_PHASE = 800;
const MAX_PHASE_MS = 60_000;
const WRITERS = 4;
// Peak resident memory of the PDS while a paused consumer is attached may exceed the peak of the same
// writes with no consumer by at most this. The frames of one phase total ~47 MiB: a queue that held
// them would exceed it about twice over. (Comparing peaks of identical workloads cancels out the
// garbage the writes themselves leave for the collector, which alone moves RSS by tens of MiB.)
const RSS_GROWTH_LIMIT = 24 * 1024 * 1024;

const bigRecord = () => ({
  $type: "net.atrarium.test.big",
  // Random base64: incompressible, and a plain string so the record is RECORD_BYTES of CBOR.
  data: randomBytes((RECORD_BYTES * 3) / 4).toString("base64"),
  createdAt: new Date().toISOString(),
});

async function writeBig(
  accts: TestAccount[],
  count: number,
  deadline: number,
  progress: { written: number },
): Promise<void> {
  let started = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      const acct = accts[w % accts.length];
      while (started < count && Date.now() < deadline) {
        started++;
        await acct.agent.com.atproto.repo.createRecord({
          repo: acct.did,
          collection: "net.atrarium.test.big",
          record: bigRecord(),
        });
        progress.written++;
      }
    }),
  );
}

describe("firehose backpressure", () => {
  let pds: PdsProcess;
  let accts: TestAccount[];
  beforeAll(async () => {
    pds = await startPdsProcess({
      PDS_FIREHOSE_BUFFER_BYTES: String(BUFFER_BYTES),
      PDS_FIREHOSE_STALL_MS: String(STALL_MS),
    });
    accts = await Promise.all(Array.from({ length: WRITERS }, () => createTestAccount(pds.url)));
  });
  afterAll(() => pds?.destroy());

  it("drops a consumer that never reads with ConsumerTooSlow while RSS stays bounded", {
    timeout: 180_000,
  }, async () => {
    let maxRss = 0;
    const sampler = setInterval(() => {
      maxRss = Math.max(maxRss, pds.rssBytes());
    }, 50);
    const logsBefore = pds.logs.length;
    const dropped = () => pds.logs.slice(logsBefore).some((l) => l.includes("dropping firehose consumer"));
    const frames: Frame[] = [];
    const progress = { written: 0 };
    let baseline = 0;
    let writtenWhileAttached = 0;
    let closeCode = -1;
    try {
      // Reference phase: the same writes with no subscriber at all.
      await writeBig(accts, RECORDS_PER_PHASE, Date.now() + MAX_PHASE_MS, { written: 0 });
      baseline = maxRss;
      const ws = new WebSocket(wsUrlOf(pds.url));
      await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
      ws.on("message", (data: Buffer) => frames.push(decodeFrame(new Uint8Array(data))));
      const closed = new Promise<void>((resolve) =>
        ws.once("close", (code) => {
          closeCode = code;
          resolve();
        }),
      );
      // Stop reading at the TCP level: the kernel buffers fill, then the server's send queue would grow.
      const socket = (ws as unknown as { _socket: Socket })._socket;
      socket.pause();
      // Once dropped, read again at once: what was queued, then the error frame, before the server
      // gives up on the close handshake.
      const watcher = (async () => {
        const deadline = Date.now() + MAX_PHASE_MS + STALL_MS + 10_000;
        while (!dropped() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        writtenWhileAttached = progress.written;
        socket.resume();
      })();
      await writeBig(accts, RECORDS_PER_PHASE, Date.now() + MAX_PHASE_MS, progress);
      await watcher;
      await Promise.race([closed, new Promise((r) => setTimeout(r, 10_000))]);
      ws.terminate();
    } finally {
      clearInterval(sampler);
    }
    const growth = maxRss - baseline;
    const mib = (n: number) => (n / 2 ** 20).toFixed(1);
    console.log(
      `backpressure: ${writtenWhileAttached} records of ${RECORD_BYTES} B (${mib(writtenWhileAttached * RECORD_BYTES)} MiB ` +
        `of frames) written while the paused consumer was attached; PDS peak RSS ${mib(baseline)} MiB for the same ` +
        `writes without a consumer, ${mib(maxRss)} MiB with it (+${mib(growth)} MiB)`,
    );
    expect(dropped()).toBe(true);
    expect(writtenWhileAttached).toBeGreaterThanOrEqual(RECORDS_PER_PHASE / 2);
    expect(growth).toBeLessThan(RSS_GROWTH_LIMIT);
    expect(closeCode).toBe(1008);
    expect(frames[frames.length - 1]).toMatchObject({ op: -1, body: { error: "ConsumerTooSlow" } });
    // What did arrive is a gapless prefix of the stream, far short of everything written.
    const seqs = frames.filter((f) => f.op === 1).map((f) => f.body.seq as number);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1] + 1);
    expect(seqs.length).toBeLessThan(writtenWhileAttached / 2);
  });

  it("other consumers are served after the drop", async () => {
    const head = (await accts[0].agent.com.atproto.sync.getLatestCommit({ did: accts[0].did })).data;
    const sub = subscribeFrames(wsUrlOf(pds.url), (f) =>
      f.some((x) => x.t === "#commit" && x.body.repo === accts[0].did && x.body.since === head.rev),
    );
    await sub.opened;
    await accts[0].agent.com.atproto.repo.createRecord({
      repo: accts[0].did,
      collection: "net.atrarium.test.big",
      record: bigRecord(),
    });
    expect((await sub.frames).length).toBeGreaterThan(0);
  });
});
