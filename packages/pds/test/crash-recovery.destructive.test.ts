// SIGKILL of the PDS process in the middle of concurrent writes by several accounts, then restart:
// every acknowledged write is there, every repo verifies against its key in our PLC, the firehose
// continues the same seq with no gap or duplicate, and a replay from cursor 0 shows for each repo a
// #commit chain (since, prevData, invertible ops) ending at its head.
import { decode } from "@atproto/lex-cbor";
import type { Cid } from "@atproto/lex-data";
import { readCar, verifyRepoCar } from "@atproto/repo";
import { createTestAccount, localIdResolver, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import {
  checkRecords,
  newWriter,
  runWriter,
  seededRandom,
  settleInflight,
  type Writer,
} from "./crash-writes.ts";
import { decodeFrame, type Frame, replayToEnd, wsUrlOf } from "./firehose-frames.ts";
import { type PdsProcess, startPdsProcess } from "./pds-process.ts";
import { invertCommitOps } from "./support/commit-ops-inversion.ts";

const ACCOUNTS = 5;
const WRITERS_PER_ACCOUNT = 3;
const ROUNDS = 3;
const MAX_OPS_PER_WRITER = 300;
// Each round kills after a random number of acknowledged writes in this range (or this long).
const KILL_AFTER_ACKS = [20, 250];
const KILL_AFTER_MS = 6000;

// A subscriber that keeps every frame it gets; `stop` ends it.
function subscribe(url: string) {
  const frames: Frame[] = [];
  const ws = new WebSocket(url);
  ws.on("message", (data: Buffer) => frames.push(decodeFrame(new Uint8Array(data))));
  ws.on("error", () => {});
  const opened = new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("close", () => reject(new Error("closed before it opened")));
  });
  opened.catch(() => {});
  const closed = new Promise<void>((resolve) => ws.once("close", () => resolve()));
  return { frames, opened, closed, stop: () => ws.terminate() };
}

const seqsOf = (frames: Frame[]) => frames.map((f) => f.body.seq as number);

function expectGapless(seqs: number[], from: number): void {
  expect(seqs.length).toBeGreaterThan(0);
  expect(seqs[0]).toBe(from);
  const bad = seqs.findIndex((s, i) => i > 0 && s !== seqs[i - 1] + 1);
  expect(bad === -1 ? null : seqs.slice(Math.max(0, bad - 2), bad + 2)).toBeNull();
}

// Each repo's #commit frames, in seq order, chain to one another and end at the repo's head.
async function checkCommitChain(frames: Frame[], did: string, head: { cid: string; rev: string }) {
  const commits = frames.filter((f) => f.t === "#commit" && f.body.repo === did);
  let prev: { rev: string; data: string } | null = null;
  for (const frame of commits) {
    const { blocks } = await readCar(frame.body.blocks as Uint8Array);
    const commit = decode(blocks.get(frame.body.commit as Cid) as Uint8Array) as { data: Cid; rev: string };
    expect(commit.rev).toBe(frame.body.rev);
    if (prev === null) {
      expect(frame.body.since).toBeNull();
    } else {
      expect(frame.body.since).toBe(prev.rev);
      expect(String(frame.body.prevData)).toBe(prev.data);
      const inverted = await invertCommitOps({ blocks, root: commit.data, ops: frame.body.ops as never });
      expect(inverted.toString()).toBe(prev.data);
    }
    prev = { rev: commit.rev, data: commit.data.toString() };
  }
  const last = commits[commits.length - 1];
  expect(String(last.body.commit)).toBe(head.cid);
  expect(last.body.rev).toBe(head.rev);
  return commits.map((f) => f.body.rev as string);
}

describe("crash safety: SIGKILL during concurrent writes", () => {
  let pds: PdsProcess;
  let accts: TestAccount[];
  const writers = new Map<string, Writer[]>();
  const seed = Date.now() % 100_000;
  const random = seededRandom(seed);
  beforeAll(async () => {
    pds = await startPdsProcess();
    accts = await Promise.all(Array.from({ length: ACCOUNTS }, () => createTestAccount(pds.url)));
    accts.forEach((acct, a) => {
      writers.set(
        acct.did,
        Array.from({ length: WRITERS_PER_ACCOUNT }, (_, i) => newWriter(acct, `a${a}w${i}`)),
      );
    });
  });
  afterAll(() => pds?.destroy());

  it(`survives ${ROUNDS} kills with every acknowledged write, verifiable repos and a gapless firehose`, async () => {
    const resolver = localIdResolver(pds.plcUrl, pds.url);
    let lastSeq = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      // A live subscriber that has seen everything so far: it must see a prefix of the log.
      const live = subscribe(wsUrlOf(pds.url, lastSeq));
      await live.opened;
      let killed = false;
      const all = [...writers.values()].flat();
      const acks = () => all.reduce((n, w) => n + w.ackedRevs.length, 0);
      const acksBefore = acks();
      const burst = Promise.all(
        all.map((w) =>
          runWriter(w, random, {
            maxOps: MAX_OPS_PER_WRITER,
            deadline: Date.now() + 30_000,
            killed: () => killed,
          }),
        ),
      );
      const started = Date.now();
      const killAt = KILL_AFTER_ACKS[0] + Math.floor(random() * (KILL_AFTER_ACKS[1] - KILL_AFTER_ACKS[0]));
      while (acks() - acksBefore < killAt && Date.now() - started < KILL_AFTER_MS) {
        await new Promise((r) => setTimeout(r, 5));
      }
      killed = true;
      await pds.kill("SIGKILL");
      await burst;
      await live.closed;
      const inflight = all.filter((w) => w.inflight).length;
      console.log(
        `round ${round} (seed ${seed}): ${acks() - acksBefore} writes acknowledged in ${Date.now() - started} ms, ` +
          `${inflight} in flight at SIGKILL, live subscriber got ${live.frames.length} frames`,
      );
      expect(all.flatMap((w) => w.unexpected)).toEqual([]);

      const logsBefore = pds.logs.length;
      await pds.start();
      // Events whose commit was in an actor store but not yet in the log: moved over at startup.
      const recovered = pds.logs
        .slice(logsBefore)
        .map((l) => /"moved":(\d+)/.exec(l)?.[1])
        .find((m) => m !== undefined);
      // The live subscriber saw a gapless prefix; the log continues right after it.
      const liveSeqs = seqsOf(live.frames);
      if (liveSeqs.length > 0) expectGapless(liveSeqs, lastSeq + 1);
      const seenUpTo = liveSeqs.length > 0 ? liveSeqs[liveSeqs.length - 1] : lastSeq;
      // What the live subscriber had not received yet when the server died.
      const rest = await replayToEnd(pds.url, seenUpTo);
      if (rest.length > 0) expectGapless(seqsOf(rest), seenUpTo + 1);

      const full = await replayToEnd(pds.url, 0);
      expectGapless(seqsOf(full), 1);
      lastSeq = seqsOf(full)[full.length - 1];
      // Frames seen before the kill are the same frames the log now holds under those seqs.
      for (const f of live.frames) {
        expect(full[(f.body.seq as number) - 1].body.commit?.toString()).toBe(f.body.commit?.toString());
      }

      // The account DB's copies of each head (listRepos) were refreshed from the actor stores.
      const listed = (await accts[0].agent.com.atproto.sync.listRepos({ limit: 100 })).data.repos;
      let committedInFlight = 0;
      for (const acct of accts) {
        const signingKey = (await resolver.did.resolveAtprotoData(acct.did, true)).signingKey;
        const car = (await acct.agent.com.atproto.sync.getRepo({ did: acct.did })).data;
        const verified = await verifyRepoCar(car, acct.did, signingKey);
        const records = new Map(
          verified.creates.map((c) => [`at://${acct.did}/${c.collection}/${c.rkey}`, c.cid.toString()]),
        );
        const mine = writers.get(acct.did) as Writer[];
        expect(checkRecords(mine, records)).toEqual([]);
        for (const w of mine) if (settleInflight(w, records)) committedInFlight++;
        const head = (await acct.agent.com.atproto.sync.getLatestCommit({ did: acct.did })).data;
        expect(verified.commit.rev).toBe(head.rev);
        expect(listed.find((r) => r.did === acct.did)).toMatchObject({ head: head.cid, rev: head.rev });
        const revs = new Set(await checkCommitChain(full, acct.did, head));
        // Every acknowledged commit was sequenced.
        expect(mine.flatMap((w) => w.ackedRevs).filter((rev) => !revs.has(rev))).toEqual([]);
      }
      console.log(
        `round ${round}: after restart ${inflight - committedInFlight} unacknowledged writes absent, ` +
          `${committedInFlight} present (committed before the kill), ${recovered ?? 0} events moved from outboxes at startup, ` +
          `${rest.length} events the live subscriber had not received, log at seq ${lastSeq}`,
      );
    }

    // After the last restart, a new write takes the next seq.
    const next = subscribe(wsUrlOf(pds.url, lastSeq));
    await accts[0].agent.com.atproto.repo.createRecord({
      repo: accts[0].did,
      collection: "app.bsky.feed.post",
      record: { $type: "app.bsky.feed.post", text: "after", createdAt: new Date().toISOString() },
    });
    const deadline = Date.now() + 5000;
    while (next.frames.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    next.stop();
    expect(next.frames[0]?.body.seq).toBe(lastSeq + 1);
  });
});
