// The pure bookkeeping behind the PDS's metrics and readiness: the sequencer backlog, the background
// jobs' monitor, firehose subscriber positions, and which XRPC errors count as failed authentication.
import { describe, expect, it } from "vitest";
import { SubscriberPositions } from "../../src/firehose/subscriber-positions.ts";
import { authFailureReason } from "../../src/observability/auth-failures.ts";
import { JobMonitor, type JobOutcome } from "../../src/observability/job-monitor.ts";
import { OutboxBacklog } from "../../src/observability/outbox-backlog.ts";
import { XrpcError } from "../../src/xrpc/errors.ts";

describe("OutboxBacklog", () => {
  it("counts events queued and not yet drained, per repo, and how long the oldest waited", () => {
    let now = 1_000;
    const backlog = new OutboxBacklog(() => now);
    backlog.queued("did:a", 3, 3); // ids 1..3
    backlog.queued("did:b", 10, 2); // ids 9..10
    now = 1_500;
    backlog.queued("did:a", 4, 1); // id 4
    expect(backlog.events()).toBe(6);
    expect(backlog.oldestWaitMs()).toBe(500);
    backlog.drained("did:a", 2); // a commit landed while the drain read: 3..4 still wait
    expect(backlog.events()).toBe(4);
    backlog.drained("did:b", 10);
    backlog.drained("did:a", 4);
    expect(backlog.events()).toBe(0);
    expect(backlog.oldestWaitMs()).toBe(0);
    // Rows from before a restart (never counted) drain without going negative.
    backlog.drained("did:c", 99);
    expect(backlog.events()).toBe(0);
  });
});

describe("JobMonitor", () => {
  it("records outcomes and last successes, and calls a job overdue only far past its interval", async () => {
    let now = 0;
    const runs: [string, JobOutcome][] = [];
    const jobs = new JobMonitor(
      (job, outcome) => runs.push([job, outcome]),
      () => now,
    );
    jobs.register("sweep", 10_000);
    expect(jobs.lastSuccesses()).toEqual([["sweep", null]]);
    now = 5_000;
    expect(await jobs.run("sweep", async () => 7)).toBe(7);
    now = 6_000;
    await expect(
      jobs.run("sweep", async () => {
        throw new Error("disk gone");
      }),
    ).rejects.toThrow("disk gone");
    expect(runs).toEqual([
      ["sweep", "success"],
      ["sweep", "failure"],
    ]);
    expect(jobs.lastSuccesses()).toEqual([["sweep", 5_000]]);
    // Last start at 6 s: late at 50 s is tolerated, at 6 s + 3 intervals + 1 min it is not.
    now = 50_000;
    expect(jobs.overdue()).toEqual([]);
    now = 6_000 + 3 * 10_000 + 60_000 + 1;
    expect(jobs.overdue()).toEqual(["sweep"]);
    jobs.unregister("sweep");
    expect(jobs.overdue()).toEqual([]);
  });
});

describe("SubscriberPositions", () => {
  it("counts open subscribers and the furthest one's distance from the head", () => {
    const subs = new SubscriberPositions();
    expect(subs.maxLag(100)).toBe(0);
    const a = subs.add();
    const b = subs.add();
    expect(subs.count).toBe(2);
    expect(subs.maxLag(100)).toBe(0); // starting points not known yet
    a.cursor = 100;
    b.cursor = 40;
    expect(subs.maxLag(100)).toBe(60);
    subs.remove(b);
    expect(subs.count).toBe(1);
    expect(subs.maxLag(100)).toBe(0);
  });
});

describe("authFailureReason", () => {
  const login = "com.atproto.server.createSession";
  const other = "com.atproto.repo.createRecord";
  it("classifies the lexicon errors of failed authentication", () => {
    expect(
      authFailureReason(
        login,
        new XrpcError(401, "AuthenticationRequired", "Invalid identifier or password"),
      ),
    ).toBe("bad-password");
    expect(authFailureReason(other, new XrpcError(401, "AuthenticationRequired"))).toBe(
      "missing-credentials",
    );
    expect(authFailureReason(other, new XrpcError(401, "InvalidToken"))).toBe("invalid-token");
    expect(authFailureReason(other, new XrpcError(400, "ExpiredToken"))).toBe("expired-token");
    expect(authFailureReason(login, new XrpcError(401, "AccountTakedown"))).toBe("account-taken-down");
    expect(authFailureReason(other, new XrpcError(401, "BadJwtSignature"))).toBe("other");
  });
  it("leaves other errors alone: bad input, refusals, failures of ours", () => {
    expect(authFailureReason(other, new XrpcError(400, "InvalidRequest"))).toBeNull();
    expect(authFailureReason(other, new XrpcError(403, "Forbidden"))).toBeNull();
    expect(authFailureReason(other, new Error("boom"))).toBeNull();
  });
});
