// Online backup while the PDS serves a write load, then restore and run a new PDS on the copy, as an
// operator would (the CLI runs as its own process against the live data directory): every repo
// verifies against its key in PLC and is exactly the repo at one acknowledged commit no older than the
// backup's start, every blob its records reference is served with its CID, an upload no record
// referenced yet can still be posted, and the firehose replays each repo's commit chain up to its
// head and continues with greater seqs.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AtpAgent } from "@atproto/api";
import { decode } from "@atproto/lex-cbor";
import { cidForRawHash, enumBlobRefs, type LexMap } from "@atproto/lex-data";
import { readCar, verifyRepoCar } from "@atproto/repo";
import { createPlcServer, type PlcServer } from "@atrarium/plc";
import { createTestAccount, freePorts, localIdResolver } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPds, type Pds } from "../src/index.ts";
import { pngBytes } from "./blob-fixtures.ts";
import { seededRandom } from "./crash-writes.ts";
import { type Frame, replayToEnd, subscribeFrames, wsUrlOf } from "./firehose-frames.ts";
import { createPost, newRepoLog, type RepoLog, runLoad, stateAt } from "./support/backup-load.ts";

const binPath = path.resolve(import.meta.dirname, "../src/bin.ts");
const ACCOUNTS = 3;
const WRITERS_PER_ACCOUNT = 2;
const MAX_OPS_PER_WRITER = 150;
const LOAD_DEADLINE_MS = 40_000;
const MAX_SIGNUPS = 10;
// The backup starts once the load is under way.
const ACKS_BEFORE_BACKUP = 10;

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CliRun> {
  const child = spawn(process.execPath, [binPath, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`aurora-locus ${args[0]} did not finish in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const blobCidOf = (bytes: Uint8Array) =>
  cidForRawHash(createHash("sha256").update(bytes).digest()).toString();

// The records of a verified repo CAR, with the blob CIDs they reference.
async function recordsOf(car: Uint8Array, did: string, signingKey: string) {
  const verified = await verifyRepoCar(car, did, signingKey);
  const { blocks } = await readCar(car);
  const records = new Map<string, string>();
  const blobs = new Set<string>();
  for (const c of verified.creates) {
    records.set(`at://${did}/${c.collection}/${c.rkey}`, c.cid.toString());
    const value = decode(blocks.get(c.cid) as Uint8Array) as LexMap;
    for (const ref of enumBlobRefs(value)) blobs.add("ref" in ref ? ref.ref.toString() : ref.cid);
  }
  return { rev: verified.commit.rev, records, blobs };
}

// Each repo's #commit frames in seq order: each one's `since` is the rev before it, the last is the head.
function expectCommitChain(frames: Frame[], did: string, head: { cid: string; rev: string }): void {
  const commits = frames.filter((f) => f.t === "#commit" && f.body.repo === did);
  let prevRev: string | null = null;
  for (const f of commits) {
    expect({ seq: f.body.seq, since: f.body.since }).toEqual({ seq: f.body.seq, since: prevRev });
    prevRev = f.body.rev as string;
  }
  const last = commits[commits.length - 1];
  expect({ commit: String(last?.body.commit), rev: last?.body.rev }).toEqual({
    commit: head.cid,
    rev: head.rev,
  });
}

describe("online backup and restore", () => {
  let root: string;
  let plc: PlcServer;
  let pds: Pds | null = null;
  let restored: Pds | null = null;
  let port: number;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), "pds-backup-"));
    plc = await createPlcServer({ dbPath: path.join(root, "plc.sqlite"), port: 0, host: "127.0.0.1" });
    [port] = await freePorts(1);
  });
  afterAll(async () => {
    await pds?.close();
    await restored?.close();
    await plc?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const startPds = (dataDir: string) =>
    createPds(
      { port, dataDir, plcUrl: plc.url, logLevel: "warn", inviteRequired: false, rateLimitsEnabled: false },
      { PDS_BIND_HOST: "127.0.0.1" },
    );

  it("backs up under writes, restores into a fresh directory, and the restored PDS serves it all", async () => {
    const liveDir = path.join(root, "live");
    const backupDir = path.join(root, "backup");
    const restoredDir = path.join(root, "restored");
    pds = await startPds(liveDir);
    const url = pds.url;

    // Before the backup: accounts with posts and images, and one upload no record references yet.
    const logs: RepoLog[] = [];
    for (let i = 0; i < ACCOUNTS; i++) logs.push(newRepoLog(await createTestAccount(url)));
    for (const log of logs) {
      for (let i = 0; i < 3; i++) await createPost(log, i % 2 === 0);
    }
    const pendingUpload = pngBytes(400);
    const pendingBlob = (await logs[0].acct.agent.uploadBlob(pendingUpload, { encoding: "image/png" })).data
      .blob;

    // The load, and the backup once it is under way.
    const seed = Date.now() % 100_000;
    const random = seededRandom(seed);
    let stop = false;
    const acks = () => logs.reduce((n, l) => n + l.commits.length, 0);
    const acksBeforeLoad = acks();
    // Accounts keep being created too: each is in the backup with its whole history, or not at all.
    const created: string[] = [];
    const signups = (async () => {
      const deadline = Date.now() + LOAD_DEADLINE_MS;
      while (!stop && created.length < MAX_SIGNUPS && Date.now() < deadline) {
        created.push((await createTestAccount(url)).did);
      }
    })();
    const load = Promise.all(
      logs.flatMap((log) =>
        Array.from({ length: WRITERS_PER_ACCOUNT }, () =>
          runLoad(log, random, {
            maxOps: MAX_OPS_PER_WRITER,
            deadline: Date.now() + LOAD_DEADLINE_MS,
            stop: () => stop,
          }),
        ),
      ),
    );
    await waitFor("the load to start", () => acks() - acksBeforeLoad >= ACKS_BEFORE_BACKUP);
    const headsAtStart = new Map(
      logs.map((l) => [
        l.acct.did,
        l.commits
          .map((c) => c.rev)
          .sort()
          .at(-1) as string,
      ]),
    );
    const backupStarted = Date.now();
    const backup = await runCli(["backup", backupDir], { PDS_DATA_DIRECTORY: liveDir });
    const backupEnded = Date.now();
    stop = true;
    await Promise.all([load, signups]);
    expect(logs.flatMap((l) => l.errors)).toEqual([]);
    expect(backup.stderr).toBe("");
    expect(backup.code).toBe(0);
    const { manifest, trimmedEvents } = JSON.parse(backup.stdout) as {
      manifest: { accounts: number; lastSeq: number; startedAt: string; finishedAt: string };
      trimmedEvents: number;
    };
    // Writes acknowledged while the backup copied the data, not just while its process started.
    const [copyStart, copyEnd] = [Date.parse(manifest.startedAt), Date.parse(manifest.finishedAt)];
    const during = logs
      .flatMap((l) => l.commits)
      .filter((c) => c.ackedAt >= copyStart && c.ackedAt <= copyEnd);
    console.log(
      `seed ${seed}: the backup process ran ${backupEnded - backupStarted} ms, copying for ${copyEnd - copyStart} ms ` +
        `with ${during.length} writes acknowledged meanwhile; ${trimmedEvents} events newer than their repo's copy ` +
        `left out; ${acks()} writes in all`,
    );
    expect(during.length).toBeGreaterThan(0);

    // Restore refuses a directory in use, then restores into a fresh one.
    mkdirSync(restoredDir);
    writeFileSync(path.join(restoredDir, "keep.txt"), "not a PDS");
    const refused = await runCli(["restore", backupDir, restoredDir]);
    expect({ code: refused.code, stderr: refused.stderr }).toEqual({
      code: 1,
      stderr: expect.stringContaining("not empty"),
    });
    expect(readdirSync(restoredDir)).toEqual(["keep.txt"]);
    rmSync(restoredDir, { recursive: true });
    const restore = await runCli(["restore", backupDir, restoredDir]);
    expect(restore.stderr).toBe("");
    expect(restore.code).toBe(0);

    // The live PDS is gone; the restored one takes its place (same port, so the DID documents fit).
    await pds.close();
    pds = null;
    // The close ends this process's kept-alive client connections, but until the event loop polls
    // I/O the client pool still counts them as open, and starting the restored PDS in process never
    // polls: without a few turns of the loop the first request would go out on a dead socket.
    await new Promise((resolve) => setTimeout(resolve, 20));
    restored = await startPds(restoredDir);
    const resolver = localIdResolver(plc.url, restored.url);
    for (const log of logs) {
      const { did } = log.acct;
      const agent = new AtpAgent({ service: restored.url });
      await agent.login({ identifier: log.acct.handle, password: log.acct.password });
      const signingKey = (await resolver.did.resolveAtprotoData(did, true)).signingKey;
      const car = (await agent.com.atproto.sync.getRepo({ did })).data;
      const repo = await recordsOf(car, did, signingKey);
      // One acknowledged commit, no older than the repo's head when the backup started, and the
      // records exactly as that commit left them.
      expect(log.commits.map((c) => c.rev)).toContain(repo.rev);
      expect(repo.rev >= (headsAtStart.get(did) as string)).toBe(true);
      expect(Object.fromEntries(repo.records)).toEqual(Object.fromEntries(stateAt(log, repo.rev)));
      for (const cid of repo.blobs) {
        const bytes = (await agent.com.atproto.sync.getBlob({ did, cid })).data;
        expect(blobCidOf(bytes)).toBe(cid);
      }
      log.acct.agent = agent;
    }
    // The upload from before the backup can still be posted.
    const posted = await logs[0].acct.agent.com.atproto.repo.createRecord({
      repo: logs[0].acct.did,
      collection: "app.bsky.feed.post",
      record: {
        $type: "app.bsky.feed.post",
        text: "late",
        createdAt: new Date().toISOString(),
        embed: { $type: "app.bsky.embed.images", images: [{ image: pendingBlob, alt: "" }] },
      },
    });
    expect(posted.data.uri).toContain(logs[0].acct.did);
    const pendingBytes = (
      await logs[0].acct.agent.com.atproto.sync.getBlob({
        did: logs[0].acct.did,
        cid: pendingBlob.ref.toString(),
      })
    ).data;
    expect(blobCidOf(pendingBytes)).toBe(blobCidOf(pendingUpload));

    // The firehose: every repo's commit chain up to its head, then new writes after the restored head.
    const frames = await replayToEnd(restored.url, 0);
    const seqs = frames.map((f) => f.body.seq as number);
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1])).toBe(true);
    const lastSeq = seqs[seqs.length - 1];
    expect(lastSeq).toBeGreaterThanOrEqual(manifest.lastSeq);
    const anyone = new AtpAgent({ service: restored.url });
    const headOf = async (did: string) =>
      (await anyone.com.atproto.sync.getLatestCommit({ did }).catch(() => null))?.data ?? null;
    for (const log of logs) {
      expectCommitChain(frames, log.acct.did, (await headOf(log.acct.did)) as { cid: string; rev: string });
    }
    // The log names exactly the accounts the restored server hosts.
    const inLog = new Set(frames.map((f) => (f.body.repo ?? f.body.did) as string));
    let signupsKept = 0;
    for (const did of created) {
      const head = await headOf(did);
      expect({ did, hosted: head !== null }).toEqual({ did, hosted: inLog.has(did) });
      if (head) {
        expectCommitChain(frames, did, head);
        signupsKept++;
      }
    }
    for (const did of inLog)
      expect({ did, hosted: (await headOf(did)) !== null }).toEqual({ did, hosted: true });
    console.log(`${created.length} accounts created during the load, ${signupsKept} of them in the backup`);
    expect(manifest.accounts).toBe(ACCOUNTS + signupsKept);
    const next = subscribeFrames(wsUrlOf(restored.url, lastSeq), (f) => f.some((x) => x.t === "#commit"));
    await next.opened;
    await createPost(logs[1], false);
    const after = (await next.frames).filter((f) => f.t === "#commit");
    expect(after[0]?.body.seq).toBeGreaterThan(lastSeq);
    expect(after[0]?.body.repo).toBe(logs[1].acct.did);
  }, 150_000);
});
