// Sequencer retention with tiny windows: purged events, OutdatedCursor for cursors before the kept
// window and for readers that fall behind it, and seq continuing across restarts even when retention
// has emptied the log around it.
import { randomBytes } from "node:crypto";
import type { Socket } from "node:net";
import { AtpAgent } from "@atproto/api";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { collectFrames, decodeFrame, type Frame, wsUrlOf } from "./firehose-frames.ts";
import { type PdsProcess, startPdsProcess } from "./pds-process.ts";

const post = (text: string) => ({ $type: "app.bsky.feed.post", text, createdAt: new Date().toISOString() });

async function write(acct: TestAccount, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await acct.agent.com.atproto.repo.createRecord({
      repo: acct.did,
      collection: "app.bsky.feed.post",
      record: post(`p${i}`),
    });
  }
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Frames from `cursor` up to and including seq `last` (plus any #info before them).
const replay = (pds: PdsProcess, cursor: number, last: number) =>
  collectFrames(wsUrlOf(pds.url, cursor), (f) => f.some((x) => x.body.seq === last));

const seqsOf = (frames: Frame[]) => frames.filter((f) => f.t !== "#info").map((f) => f.body.seq as number);

describe("firehose retention (max events)", () => {
  let pds: PdsProcess;
  let acct: TestAccount;
  beforeAll(async () => {
    pds = await startPdsProcess({
      PDS_SEQUENCER_RETENTION_MAX_EVENTS: "20",
      PDS_SEQUENCER_PURGE_INTERVAL_MS: "100",
    });
    acct = await createTestAccount(pds.url);
  });
  afterAll(() => pds?.destroy());

  it("keeps the newest events; an older cursor gets #info OutdatedCursor, then the kept window", async () => {
    await write(acct, 40);
    // 4 account events + 40 commits.
    const last = 44;
    await until(async () => seqsOf(await replay(pds, 0, last))[0] === last - 19, 5000);
    const frames = await replay(pds, 3, last);
    expect(frames[0]).toMatchObject({ op: 1, t: "#info", body: { name: "OutdatedCursor" } });
    const seqs = seqsOf(frames);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => last - 19 + i));
  });

  it("a cursor inside the window replays from there without #info", async () => {
    const frames = await replay(pds, 40, 44);
    expect(frames.map((f) => f.t)).not.toContain("#info");
    expect(seqsOf(frames)).toEqual([41, 42, 43, 44]);
  });

  it("the cursor just before the oldest kept event is not outdated", async () => {
    const frames = await replay(pds, 24, 44);
    expect(frames[0].t).not.toBe("#info");
    expect(seqsOf(frames)[0]).toBe(25);
  });
});

describe("firehose retention (max age) across a restart", () => {
  let pds: PdsProcess;
  let accts: TestAccount[];
  beforeAll(async () => {
    pds = await startPdsProcess({
      PDS_SEQUENCER_RETENTION_MAX_AGE_MS: "1500",
      PDS_SEQUENCER_PURGE_INTERVAL_MS: "100",
    });
    accts = [await createTestAccount(pds.url), await createTestAccount(pds.url)];
  });
  afterAll(() => pds?.destroy());

  it("purges everything but the newest event, and seq continues after a restart without duplicates", async () => {
    await write(accts[0], 5);
    await write(accts[1], 5);
    const last = 18; // 2 x (4 account events + 5 commits)
    // Past the age limit only the newest event is left.
    await until(async () => seqsOf(await replay(pds, 0, last)).length === 1, 10_000);
    // Each repo's last commit is still in its outbox; a restart must not sequence it again.
    await pds.kill("SIGTERM");
    await pds.start();
    const agent = new AtpAgent({ service: pds.url });
    await agent.login({ identifier: accts[0].handle, password: accts[0].password });
    await agent.com.atproto.repo.createRecord({
      repo: accts[0].did,
      collection: "app.bsky.feed.post",
      record: post("after restart"),
    });
    const frames = await replay(pds, 0, last + 1);
    expect(frames[0]).toMatchObject({ t: "#info", body: { name: "OutdatedCursor" } });
    // The purge may already have taken seq `last` too (it is past the age limit now).
    const seqs = seqsOf(frames);
    expect([[last, last + 1], [last + 1]]).toContainEqual(seqs);
    const newest = frames[frames.length - 1];
    expect(newest).toMatchObject({ t: "#commit", body: { seq: last + 1, repo: accts[0].did } });
  });
});

describe("firehose retention under a reader that falls behind", () => {
  let pds: PdsProcess;
  let acct: TestAccount;
  beforeAll(async () => {
    pds = await startPdsProcess({
      PDS_SEQUENCER_RETENTION_MAX_EVENTS: "20",
      PDS_SEQUENCER_PURGE_INTERVAL_MS: "50",
      // Small enough that the server stops reading the log for this reader; long enough not to drop it.
      PDS_FIREHOSE_BUFFER_BYTES: String(64 * 1024),
      PDS_FIREHOSE_STALL_MS: "60000",
    });
    acct = await createTestAccount(pds.url);
  });
  afterAll(() => pds?.destroy());

  it("tells it OutdatedCursor when events it had not read were purged, then goes on gaplessly", async () => {
    const ws = new WebSocket(wsUrlOf(pds.url, 4));
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    const socket = (ws as unknown as { _socket: Socket })._socket;
    socket.pause();
    // ~18 MiB of commits: more than the kernel's socket buffers hold, so the server falls behind.
    const data = randomBytes(45 * 1024).toString("base64");
    for (let i = 0; i < 300; i++) {
      await acct.agent.com.atproto.repo.createRecord({
        repo: acct.did,
        collection: "net.atrarium.test.big",
        record: { $type: "net.atrarium.test.big", data, i },
      });
    }
    const last = 4 + 300;
    const frames: Frame[] = [];
    ws.on("message", (d: Buffer) => frames.push(decodeFrame(new Uint8Array(d))));
    socket.resume();
    await until(() => frames.some((f) => f.body.seq === last), 20_000);
    ws.terminate();
    const info = frames.findIndex((f) => f.t === "#info");
    expect(info).toBeGreaterThan(0);
    expect(frames[info].body.name).toBe("OutdatedCursor");
    const before = seqsOf(frames.slice(0, info));
    const after = seqsOf(frames.slice(info + 1));
    expect(before[0]).toBe(5);
    for (const part of [before, after]) {
      for (let i = 1; i < part.length; i++) expect(part[i]).toBe(part[i - 1] + 1);
    }
    expect(after[0]).toBeGreaterThan(before[before.length - 1] + 1);
    expect(after[after.length - 1]).toBe(last);
  });
});
