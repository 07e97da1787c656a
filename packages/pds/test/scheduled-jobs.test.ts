// The scheduled jobs on their runner (src/jobs/), through running PDSes of their own: the jobs listed
// by net.atrarium.pds.admin.getJobs (through @atproto/api with the admin credential), each run at
// startup and its outcome persisted across a restart, expired sessions removed, interrupted account
// deletions finished, scheduled backups keeping the newest N, and a failing job recorded as a failure
// while the others keep running.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AtpAgent } from "@atproto/api";
import { PDS_LEXICON_DOCS, type PdsAdminGetJobsJobView } from "@atrarium/lexicon";
import { createPlcServer } from "@atrarium/plc";
import { createTestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPds, type Pds, type PdsConfig, verifyBackup } from "../src/index.ts";
import { adminAuth, type CallOptions, outcome } from "./support/admin-client.ts";
import { lastOutboxMailTo, tokenIn } from "./support/mail.ts";
import { OffsetClock } from "./support/offset-clock.ts";
import { type PrivatePds, startPrivatePds } from "./support/private-pds.ts";

const ALL_JOBS = ["backups", "blob-sweeper", "deleted-accounts", "expired-sessions", "sequencer-retention"];

const adminPassword = () => `admin-${randomBytes(8).toString("hex")}`;

function jobsClient(pdsUrl: string, admin: CallOptions) {
  const agent = new AtpAgent({ service: pdsUrl });
  for (const doc of PDS_LEXICON_DOCS) agent.lex.add(doc);
  return async (opts: CallOptions = admin): Promise<PdsAdminGetJobsJobView[]> =>
    (await agent.call("net.atrarium.pds.admin.getJobs", {}, undefined, opts)).data.jobs;
}

const byName = (jobs: PdsAdminGetJobsJobView[], name: string) => {
  const job = jobs.find((j) => j.name === name);
  if (!job) throw new Error(`no job ${name} in ${jobs.map((j) => j.name).join(", ")}`);
  return job;
};

// The jobs run at startup on a timer of their own: wait (bounded) until each has finished a run
// started at `since` or later.
async function settled(
  getJobs: () => Promise<PdsAdminGetJobsJobView[]>,
  names: string[],
  since = 0,
): Promise<PdsAdminGetJobsJobView[]> {
  const done = (job: PdsAdminGetJobsJobView) =>
    !job.running &&
    Date.parse(job.lastStartedAt ?? "") >= since &&
    Date.parse(job.lastEndedAt ?? "") >= Date.parse(job.lastStartedAt ?? "");
  const deadline = Date.now() + 20_000;
  for (let attempt = 0; attempt < 400; attempt++) {
    const jobs = await getJobs();
    if (names.every((n) => done(byName(jobs, n)))) return jobs;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`jobs ${names.join(", ")} did not all finish a run`);
}

const backupsIn = (dir: string) =>
  readdirSync(dir)
    .filter((n) => n.startsWith("backup-"))
    .sort();

describe("scheduled jobs (private stack)", () => {
  let stack: PrivatePds;
  let getJobs: ReturnType<typeof jobsClient>;
  let backupDir: string;
  const clock = new OffsetClock();
  const password = adminPassword();
  beforeAll(async () => {
    backupDir = mkdtempSync(path.join(tmpdir(), "aurora-locus-backups-"));
    // Not ours: the backup job must neither count nor remove it.
    writeFileSync(path.join(backupDir, "README"), "operator's notes");
    stack = await startPrivatePds(
      { adminPassword: password, backupDirectory: backupDir, backupKeep: 2 },
      { clock },
    );
    getJobs = jobsClient(stack.pdsUrl, adminAuth(password));
  });
  afterAll(async () => {
    await stack?.close();
    if (backupDir) rmSync(backupDir, { recursive: true, force: true });
  });

  it("getJobs lists every job; each ran at startup and succeeded", async () => {
    const jobs = await settled(getJobs, ALL_JOBS);
    expect(jobs.map((j) => j.name)).toEqual(ALL_JOBS);
    for (const job of jobs) {
      expect(job, job.name).toMatchObject({ lastOutcome: "success", running: false });
      expect(job.lastError).toBeUndefined();
      expect(Date.parse(job.nextDueAt)).toBe(Date.parse(job.lastStartedAt as string) + job.intervalMs);
    }
    expect(byName(jobs, "backups").intervalMs).toBe(24 * 60 * 60 * 1000);
    expect(backupsIn(backupDir)).toHaveLength(1);
  });

  it("getJobs refuses callers without the admin credential", async () => {
    const acct = await createTestAccount(stack.pdsUrl);
    for (const opts of [
      { headers: {} },
      adminAuth("wrong"),
      { headers: { authorization: `Bearer ${acct.agent.session?.accessJwt}` } },
    ]) {
      expect(await outcome(getJobs(opts))).toMatchObject({ status: 401, error: "AuthenticationRequired" });
    }
  });

  it("removes refresh tokens and mailed tokens past their expiry, and only those", async () => {
    await settled(getJobs, ALL_JOBS);
    const acct = await createTestAccount(stack.pdsUrl);
    const login = () =>
      new AtpAgent({ service: stack.pdsUrl }).login({ identifier: acct.did, password: acct.password });
    await login();
    await login();
    const anon = new AtpAgent({ service: stack.pdsUrl }).com.atproto.server;
    await anon.requestPasswordReset({ email: acct.email });
    const resetToken = tokenIn(await lastOutboxMailTo(stack.pds.ctx.cfg.emailOutboxDir, acct.email));
    const refreshTtlMs = stack.pds.ctx.cfg.refreshTtlSec * 1000;
    clock.advance(refreshTtlMs + 60_000);
    try {
      const fresh = new AtpAgent({ service: stack.pdsUrl });
      await fresh.login({ identifier: acct.did, password: acct.password });
      // The account's three logins and its reset token, plus whatever the refusal test's account left.
      const swept = await stack.pds.ctx.jobRunner.runNow("expired-sessions");
      expect(swept).toMatchObject({ outcome: "success" });
      expect(swept.items).toBeGreaterThanOrEqual(4);
      // Gone, not merely expired (an expired one still stored answers ExpiredToken).
      expect(
        await outcome(anon.resetPassword({ token: resetToken, password: "another-password" })),
      ).toMatchObject({ status: 400, error: "InvalidToken" });
      expect((await stack.pds.ctx.jobRunner.runNow("expired-sessions")).items).toBe(0);
      // The login made after the clock moved is untouched.
      await fresh.com.atproto.server.refreshSession(undefined, {
        headers: { authorization: `Bearer ${fresh.session?.refreshJwt}` },
      });
      const job = byName(await getJobs(), "expired-sessions");
      expect(job).toMatchObject({ lastOutcome: "success", lastItems: 0 });
    } finally {
      clock.reset();
    }
  });

  it("finishes a deletion an error interrupted, once it is no longer in progress", async () => {
    const acct = await createTestAccount(stack.pdsUrl);
    await acct.agent.com.atproto.repo.createRecord({
      repo: acct.did,
      collection: "app.bsky.feed.post",
      record: { $type: "app.bsky.feed.post", text: "half deleted", createdAt: new Date().toISOString() },
    });
    // As if the deletion stopped right after the account row went (a blob file that would not go).
    await stack.pds.ctx.accounts.beginDeletion(acct.did);
    const runner = stack.pds.ctx.jobRunner;
    expect((await runner.runNow("deleted-accounts")).items).toBe(0);
    expect(await stack.pds.ctx.actors.exists(acct.did)).toBe(true);
    clock.advance(11 * 60_000);
    try {
      expect(await runner.runNow("deleted-accounts")).toMatchObject({ outcome: "success", items: 1 });
    } finally {
      clock.reset();
    }
    expect(await stack.pds.ctx.actors.exists(acct.did)).toBe(false);
    expect(await stack.pds.ctx.accounts.pendingDeletions()).toEqual([]);
  });

  it("writes each backup into a directory of its own and keeps the newest N complete ones", async () => {
    await settled(getJobs, ALL_JOBS);
    const runner = stack.pds.ctx.jobRunner;
    const before = backupsIn(backupDir);
    // A backup the process was killed in (no manifest), named as if newest: removed, never kept.
    const unfinished = "backup-2999-01-01T00-00-00-000Z";
    mkdirSync(path.join(backupDir, unfinished));
    writeFileSync(path.join(backupDir, unfinished, "account.sqlite"), "half a copy");
    for (let i = 0; i < 3; i++) expect(await runner.runNow("backups")).toMatchObject({ outcome: "success" });
    const kept = backupsIn(backupDir);
    expect(kept).toHaveLength(2);
    for (const old of [...before, unfinished]) expect(kept).not.toContain(old);
    expect(readdirSync(backupDir)).toContain("README");
    const manifest = await verifyBackup(path.join(backupDir, kept[1]));
    expect(manifest.accounts).toBeGreaterThan(0);
    const job = byName(await getJobs(), "backups");
    expect(job).toMatchObject({ lastOutcome: "success", lastItems: manifest.accounts });
  });

  it("exports each run's items and duration to the metrics", async () => {
    await stack.pds.ctx.jobRunner.runNow("backups");
    const text = await (await fetch(`${stack.pdsUrl}/metrics`)).text();
    expect(text).toMatch(/^pds_job_items_total\{job="backups"\} [1-9]/m);
    expect(text).toMatch(/^pds_job_duration_seconds_count\{job="backups"\} [1-9]/m);
    expect(text).toMatch(/^pds_job_runs_total\{job="expired-sessions",outcome="success"\} [1-9]/m);
  });
});

describe("a failing job (private stack)", () => {
  let stack: PrivatePds;
  let getJobs: ReturnType<typeof jobsClient>;
  const password = adminPassword();
  const blocker = path.join(tmpdir(), `aurora-locus-not-a-dir-${randomBytes(4).toString("hex")}`);
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    writeFileSync(blocker, "a file where the backup directory's parent should be");
    // Every backup fails: its directory cannot be made under a file.
    stack = await startPrivatePds(
      { adminPassword: password, backupDirectory: path.join(blocker, "backups"), logLevel: "info" },
      { logDestination: { write: (line: string) => void lines.push(JSON.parse(line)) } },
    );
    getJobs = jobsClient(stack.pdsUrl, adminAuth(password));
  });
  afterAll(async () => {
    await stack?.close();
    rmSync(blocker, { force: true });
  });

  it("is recorded as a failure with its error, and the other jobs keep running", async () => {
    const jobs = await settled(getJobs, ALL_JOBS);
    expect(byName(jobs, "backups")).toMatchObject({ lastOutcome: "failure", running: false });
    expect(byName(jobs, "backups").lastError).toMatch(/ENOTDIR|not a directory/i);
    expect(byName(jobs, "backups").lastItems).toBeUndefined();
    for (const name of ALL_JOBS.filter((n) => n !== "backups"))
      expect(byName(jobs, name), name).toMatchObject({ lastOutcome: "success" });
    // It is retried on its schedule, and another job still runs when asked.
    expect(Date.parse(byName(jobs, "backups").nextDueAt)).toBeGreaterThan(Date.now());
    expect(await stack.pds.ctx.jobRunner.runNow("expired-sessions")).toMatchObject({ outcome: "success" });
    expect(await stack.pds.ctx.jobRunner.runNow("backups")).toMatchObject({ outcome: "failure" });
    const text = await (await fetch(`${stack.pdsUrl}/metrics`)).text();
    expect(text).toMatch(/^pds_job_runs_total\{job="backups",outcome="failure"\} [2-9]/m);
    // A failed run is not a stopped job: readiness stays green.
    expect((await fetch(`${stack.pdsUrl}/readyz`)).status).toBe(200);
    // Each run is logged: items and time taken, or the error at level error.
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 30,
        msg: "job finished",
        job: "expired-sessions",
        items: expect.any(Number),
        ms: expect.any(Number),
      }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 50, msg: "job failed", job: "backups", ms: expect.any(Number) }),
    );
  });
});

describe("job state across a restart", () => {
  let dir: string;
  let plc: Awaited<ReturnType<typeof createPlcServer>>;
  let pds: Pds | undefined;
  const password = adminPassword();
  const INTERVAL_MS = 1500;
  const start = () =>
    createPds(
      {
        port: 0,
        dataDir: path.join(dir, "pds"),
        plcUrl: plc.url,
        logLevel: "warn",
        inviteRequired: false,
        rateLimitsEnabled: false,
        adminPassword: password,
        expiredSessionsIntervalMs: INTERVAL_MS,
      } satisfies Partial<PdsConfig>,
      { PDS_BIND_HOST: "127.0.0.1" },
    );
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "aurora-locus-jobs-"));
    plc = await createPlcServer({ dbPath: path.join(dir, "plc.sqlite"), port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await pds?.close();
    await plc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps the last runs; a job not due does not run at startup, one that fell due meanwhile does", async () => {
    pds = await start();
    const first = await settled(jobsClient(pds.url, adminAuth(password)), [
      "expired-sessions",
      "blob-sweeper",
    ]);
    const sweeper = byName(first, "blob-sweeper");
    await pds.close();
    // Down for longer than the interval: any run started before the close is now that long ago.
    await new Promise((r) => setTimeout(r, INTERVAL_MS + 200));

    // Straight back: the blob sweeper (every 30 minutes) is not due and keeps its last run.
    const restartedAt = Date.now();
    pds = await start();
    const getJobs = jobsClient(pds.url, adminAuth(password));
    // expired-sessions fell due while the server was down (its interval is shorter than the restart).
    const sessions = byName(await settled(getJobs, ["expired-sessions"], restartedAt), "expired-sessions");
    expect(Date.parse(sessions.lastStartedAt as string)).toBeGreaterThanOrEqual(restartedAt);
    // Right at startup, not an interval later.
    expect(Date.parse(sessions.lastStartedAt as string) - restartedAt).toBeLessThan(INTERVAL_MS);
    const again = byName(await getJobs(), "blob-sweeper");
    expect(again).toMatchObject({
      lastStartedAt: sweeper.lastStartedAt,
      lastEndedAt: sweeper.lastEndedAt,
      lastOutcome: "success",
      nextDueAt: sweeper.nextDueAt,
    });
  });
});
