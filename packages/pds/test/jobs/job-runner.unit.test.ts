// The job runner on a real account database in a temporary directory: one run at a time per job, a
// failure recorded without holding back the other jobs, the due time computed from the persisted
// state (also when the interval changed), and stop() waiting for a run in progress.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { createLogger } from "@atrarium/observability";
import { closeSqlite } from "@atrarium/sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openAccountDb } from "../../src/account/account-db.ts";
import { JobRunner, type ScheduledJob } from "../../src/jobs/job-runner.ts";
import { SqliteJobStateStore } from "../../src/jobs/job-state-store.ts";
import { JobMonitor, type JobOutcome } from "../../src/observability/job-monitor.ts";

const HOUR = 60 * 60_000;

describe("JobRunner", () => {
  let dir: string;
  let db: DatabaseSync;
  let runner: JobRunner | undefined;
  const outcomes: [string, JobOutcome][] = [];
  const measured: [string, number][] = [];
  const quiet = { write: () => {} };

  const makeRunner = () =>
    new JobRunner({
      store: new SqliteJobStateStore(db),
      monitor: new JobMonitor((job, outcome) => outcomes.push([job, outcome])),
      logger: createLogger({ name: "test", level: "silent", destination: quiet }),
      measured: (job, items) => measured.push([job, items]),
    });

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "job-runner-"));
    db = openAccountDb(path.join(dir, "account.sqlite"));
    outcomes.length = 0;
    measured.length = 0;
  });
  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    closeSqlite(db);
    rmSync(dir, { recursive: true, force: true });
  });

  // A job whose runs the test releases one by one, counting how many ran at once.
  function gatedJob(name: string) {
    const releases: (() => void)[] = [];
    let active = 0;
    let maxActive = 0;
    const job: ScheduledJob = {
      name,
      everyMs: HOUR,
      run: async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise<void>((resolve) => releases.push(resolve));
        active--;
        return { items: 1 };
      },
    };
    const releaseNext = async () => {
      const deadline = Date.now() + 5_000;
      while (releases.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      releases.shift()?.();
    };
    return { job, releaseNext, maxActive: () => maxActive };
  }

  it("never overlaps runs of one job, and records each run", async () => {
    runner = makeRunner();
    const gated = gatedJob("slow");
    runner.schedule(gated.job);
    // Asked for before the startup timer fired: they take its place, one after the other.
    const first = runner.runNow("slow");
    const second = runner.runNow("slow");
    for (let i = 0; i < 2; i++) await gated.releaseNext();
    expect(await first).toMatchObject({ outcome: "success", items: 1 });
    expect(await second).toMatchObject({ outcome: "success", items: 1 });
    expect(gated.maxActive()).toBe(1);
    expect(measured.filter(([job]) => job === "slow").length).toBe(2);
    const [state] = runner.status();
    expect(state).toMatchObject({ name: "slow", lastOutcome: "success", lastItems: 1, running: false });
    expect(state.nextDueAt).toBe((state.lastStartedAt as number) + HOUR);
  });

  it("records a failure with its error, and other jobs keep running meanwhile", async () => {
    runner = makeRunner();
    const gated = gatedJob("slow");
    runner.schedule(gated.job);
    const slowRun = runner.runNow("slow");
    runner.schedule({
      name: "broken",
      everyMs: HOUR,
      run: async () => {
        throw new Error("disk on fire");
      },
    });
    let quickRuns = 0;
    runner.schedule({ name: "quick", everyMs: HOUR, run: async () => ({ items: ++quickRuns }) });
    // "slow" is held in its run; the others do not wait for it.
    expect(await runner.runNow("quick")).toMatchObject({ outcome: "success" });
    expect(await runner.runNow("broken")).toMatchObject({ outcome: "failure", error: "disk on fire" });
    const byName = Object.fromEntries(runner.status().map((s) => [s.name, s]));
    expect(byName.broken).toMatchObject({
      lastOutcome: "failure",
      lastError: "disk on fire",
      lastItems: null,
    });
    expect(byName.slow.running).toBe(true);
    expect(outcomes).toContainEqual(["broken", "failure"]);
    await gated.releaseNext();
    expect((await slowRun).outcome).toBe("success");
  });

  it("runs at startup only what is due, by the persisted state and the current interval", async () => {
    const store = new SqliteJobStateStore(db);
    const now = Date.now();
    // Ran 10 minutes ago; next due in 50 minutes.
    for (const name of ["hourly", "shortened"]) {
      store.ensure(name, 0);
      store.started(name, now - 10 * 60_000);
      store.finished(name, {
        endedAt: now - 10 * 60_000,
        outcome: "success",
        items: 0,
        error: null,
        nextDueAt: now + 50 * 60_000,
      });
    }
    const runs: string[] = [];
    const job = (name: string, everyMs: number): ScheduledJob => ({
      name,
      everyMs,
      run: async () => {
        runs.push(name);
        return { items: 0 };
      },
    });
    runner = makeRunner();
    runner.schedule(job("hourly", HOUR));
    // Now every 5 minutes: its last start is twice that ago.
    runner.schedule(job("shortened", 5 * 60_000));
    runner.schedule(job("new", HOUR));
    const deadline = Date.now() + 5_000;
    while (runs.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    expect(runs.sort()).toEqual(["new", "shortened"]);
  });

  it("stop() waits for the run in progress", async () => {
    runner = makeRunner();
    const gated = gatedJob("slow");
    runner.schedule(gated.job);
    const run = runner.runNow("slow");
    let stopped = false;
    const stopping = runner.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    await gated.releaseNext();
    await stopping;
    expect(stopped).toBe(true);
    expect((await run).outcome).toBe("success");
  });
});
