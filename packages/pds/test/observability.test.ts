// What the PDS tells its operator, on a private stack: /metrics (a bearer token, else loopback only)
// whose values move with real actions (commits, bad passwords, firehose subscribers, uploads, job
// runs), requests counted per XRPC method with unknown methods under one label, and a request id
// followed from the client through every log line of its request.

import { AtpAgent } from "@atproto/api";
import { type PromSample, parsePrometheusText, sampleValue } from "@atrarium/observability/prometheus-text";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pngBytes } from "./blob-fixtures.ts";
import { subscribeFrames, wsUrlOf } from "./firehose-frames.ts";
import { type PrivatePds, startPrivatePds } from "./support/private-pds.ts";

const TOKEN = "pds-metrics-s3cret";
const post = (text: string) => ({ $type: "app.bsky.feed.post", text, createdAt: new Date().toISOString() });

describe("PDS metrics and logs (private stack)", () => {
  let stack: PrivatePds;
  let acct: TestAccount;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    stack = await startPrivatePds(
      { metricsToken: TOKEN, logLevel: "info" },
      { logDestination: { write: (line: string) => void lines.push(JSON.parse(line)) } },
    );
    acct = await createTestAccount(stack.pdsUrl);
  });
  afterAll(() => stack?.close());

  async function scrape(): Promise<PromSample[]> {
    const res = await fetch(`${stack.pdsUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(await res.text());
  }
  const value = (samples: PromSample[], name: string, labels: Record<string, string> = {}) =>
    sampleValue(samples, name, labels) ?? 0;

  it("/metrics needs the token (from anywhere, a proxy included)", async () => {
    for (const headers of [{}, { authorization: "Bearer wrong" }, { "x-forwarded-for": "203.0.113.7" }]) {
      const res = await fetch(`${stack.pdsUrl}/metrics`, { headers });
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="pds-metrics"');
      expect(await res.json()).toMatchObject({
        error: "AuthenticationRequired",
        message: expect.any(String),
      });
    }
  });

  it("a createRecord bumps commits, their SQLite time and the method's request count", async () => {
    const before = await scrape();
    const route = { method: "POST", route: "/xrpc/com.atproto.repo.createRecord" };
    await acct.agent.com.atproto.repo.createRecord({
      repo: acct.did,
      collection: "app.bsky.feed.post",
      record: post("counted"),
    });
    const after = await scrape();
    expect(value(after, "pds_commits_total") - value(before, "pds_commits_total")).toBe(1);
    const dbCount = "pds_commit_db_seconds_count";
    expect(value(after, dbCount) - value(before, dbCount)).toBe(1);
    expect(value(after, "pds_commit_db_seconds_sum")).toBeGreaterThan(0);
    const ok = { ...route, status: "200" };
    expect(value(after, "http_requests_total", ok) - value(before, "http_requests_total", ok)).toBe(1);
    const durations = "http_request_duration_seconds_count";
    expect(value(after, durations, route) - value(before, durations, route)).toBe(1);
    // Every commit's events reached the firehose log.
    expect(value(after, "pds_sequencer_backlog_events")).toBe(0);
  });

  it("methods this PDS does not serve share one label, whatever their name", async () => {
    for (const nsid of ["com.example.one", "com.example.two", "com.example.three"]) {
      expect((await fetch(`${stack.pdsUrl}/xrpc/${nsid}`)).status).toBe(400);
    }
    const samples = await scrape();
    expect(value(samples, "http_requests_total", { route: "/xrpc/:nsid", status: "400" })).toBe(3);
    expect(samples.some((s) => s.labels.route?.includes("com.example"))).toBe(false);
  });

  it("a bad password and a bad token bump auth failures by reason and log at warn, secrets left out", async () => {
    const before = await scrape();
    const agent = new AtpAgent({ service: stack.pdsUrl });
    const password = "definitely-wrong-pw-1234";
    await expect(agent.login({ identifier: acct.handle, password })).rejects.toMatchObject({ status: 401 });
    const forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    const res = await fetch(`${stack.pdsUrl}/xrpc/com.atproto.server.getSession`, {
      headers: { authorization: `Bearer ${forged}`, "x-request-id": "auth-probe-1" },
    });
    expect(res.status).toBe(401);
    const after = await scrape();
    const failures = (reason: string) =>
      value(after, "pds_auth_failures_total", { reason }) -
      value(before, "pds_auth_failures_total", { reason });
    expect(failures("bad-password")).toBe(1);
    expect(failures("invalid-token")).toBe(1);
    expect(failures("expired-token")).toBe(0);
    const warned = lines.find((l) => l.msg === "authentication failed" && l.reqId === "auth-probe-1");
    expect(warned).toMatchObject({
      level: 40,
      reason: "invalid-token",
      nsid: "com.atproto.server.getSession",
    });
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: "authentication failed", reason: "bad-password" }),
    );
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain(password);
    expect(logged).not.toContain(forged);
  });

  it("a request id sent by the client is on every log line of that request", async () => {
    const res = await fetch(`${stack.pdsUrl}/xrpc/com.atproto.server.createSession`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "trace-follow-7" },
      body: JSON.stringify({ identifier: acct.handle, password: "another-wrong-one" }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("x-request-id")).toBe("trace-follow-7");
    const mine = lines.filter((l) => l.reqId === "trace-follow-7");
    // The handler's own line (deep in the request) and the request line, both with the id.
    expect(mine.map((l) => l.msg)).toEqual(["authentication failed", "request"]);
    expect(mine[1]).toMatchObject({
      name: "aurora-locus",
      path: "/xrpc/com.atproto.server.createSession",
      status: 401,
      durationMs: expect.any(Number),
    });
    const made = await fetch(`${stack.pdsUrl}/xrpc/_health`, { headers: { "x-request-id": "bad id" } });
    expect(made.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("calls of admin methods are logged with their request id, whatever their outcome", async () => {
    const res = await fetch(`${stack.pdsUrl}/xrpc/com.atproto.admin.getAccountInfos?dids=${acct.did}`, {
      headers: { "x-request-id": "admin-try-1" },
    });
    // Unserved and unconfigured, or served and unauthenticated: refused either way, with a warn.
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(lines.find((l) => l.reqId === "admin-try-1" && l.msg === "admin action failed")).toMatchObject({
      level: 40,
      nsid: "com.atproto.admin.getAccountInfos",
      status: res.status,
    });
  });

  it("an open firehose subscriber shows in the gauge, caught up with the head", async () => {
    const isMine = (f: { t?: string; body: Record<string, unknown> }) =>
      f.t === "#commit" && f.body.repo === acct.did;
    const sub = subscribeFrames(wsUrlOf(stack.pdsUrl), (frames) => frames.some(isMine));
    await sub.opened;
    const open = await scrape();
    expect(value(open, "pds_firehose_subscribers")).toBe(1);
    await acct.agent.com.atproto.repo.createRecord({
      repo: acct.did,
      collection: "app.bsky.feed.post",
      record: post("to the subscriber"),
    });
    await sub.frames;
    // Closed by the test once its frame came: the gauge follows within the deadline.
    const deadline = Date.now() + 5_000;
    let samples = await scrape();
    while (value(samples, "pds_firehose_subscribers") !== 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      samples = await scrape();
    }
    expect(value(samples, "pds_firehose_subscribers")).toBe(0);
    expect(value(open, "pds_firehose_subscriber_lag_events_max")).toBe(0);
    expect(value(samples, "pds_sequencer_head_seq")).toBeGreaterThan(0);
  });

  it("uploads show in blob bytes; a sweep counts as a job run", async () => {
    const before = await scrape();
    const bytes = pngBytes(5000);
    await acct.agent.com.atproto.repo.uploadBlob(bytes, { encoding: "image/png" });
    await stack.pds.sweepBlobsNow();
    const after = await scrape();
    expect(value(after, "pds_blob_bytes") - value(before, "pds_blob_bytes")).toBe(bytes.byteLength);
    const runs = (s: PromSample[], outcome: string) =>
      value(s, "pds_job_runs_total", { job: "blob-sweeper", outcome });
    expect(runs(after, "success") - runs(before, "success")).toBe(1);
    expect(runs(after, "failure")).toBe(0);
    expect(value(after, "pds_job_last_success_timestamp_seconds", { job: "blob-sweeper" })).toBeGreaterThan(
      Date.now() / 1000 - 60,
    );
    expect(value(after, "process_resident_memory_bytes")).toBeGreaterThan(0);
  });
});
