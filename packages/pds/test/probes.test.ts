// The PDS's probes on a private stack: /healthz answers while the process does, /readyz names the
// checks and goes 503 with the failing ones when the blob store or a database stops working, /metrics
// without a token answers loopback clients only, and slow requests are logged at warn.
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parsePrometheusText } from "@atrarium/observability/prometheus-text";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrivatePds, startPrivatePds } from "./support/private-pds.ts";

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

const ALL_CHECKS = ["account-db", "sequencer-db", "sequencer", "actor-store", "blobstore", "jobs"];

describe("PDS probes (private stack)", () => {
  let stack: PrivatePds;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    stack = await startPrivatePds(
      { slowRequestMs: 0 },
      { logDestination: { write: (line: string) => void lines.push(JSON.parse(line)) } },
    );
  });
  afterAll(() => stack?.close());

  it("/healthz, /readyz and /xrpc/_health answer on a working server", async () => {
    expect(await getJson(`${stack.pdsUrl}/healthz`)).toEqual({ status: 200, body: { status: "ok" } });
    expect(await getJson(`${stack.pdsUrl}/readyz`)).toEqual({
      status: 200,
      body: { status: "ready", checks: ALL_CHECKS },
    });
    expect(await getJson(`${stack.pdsUrl}/xrpc/_health`)).toEqual({
      status: 200,
      body: { version: "aurora-locus/0.1.0" },
    });
  });

  it("without PDS_METRICS_TOKEN, /metrics answers loopback clients, not what a proxy forwards", async () => {
    const proxied = await fetch(`${stack.pdsUrl}/metrics`, { headers: { "x-forwarded-for": "203.0.113.7" } });
    expect(proxied.status).toBe(403);
    expect(await proxied.json()).toEqual({
      error: "Forbidden",
      message: "metrics are served to loopback clients only",
    });
    const direct = await fetch(`${stack.pdsUrl}/metrics`);
    expect(direct.status).toBe(200);
    expect(parsePrometheusText(await direct.text()).length).toBeGreaterThan(0);
  });

  it("requests over PDS_SLOW_REQUEST_MS are logged at warn with their time", async () => {
    const res = await fetch(`${stack.pdsUrl}/xrpc/com.atproto.server.describeServer`, {
      headers: { "x-request-id": "slow-one" },
    });
    expect(res.status).toBe(200);
    expect(lines.find((l) => l.reqId === "slow-one")).toMatchObject({
      level: 40,
      msg: "slow request",
      path: "/xrpc/com.atproto.server.describeServer",
      durationMs: expect.any(Number),
    });
  });

  it("/readyz goes 503 while the blob store is unusable, and back once it is", async () => {
    const blobDir = path.join(stack.dataDir, "pds", "blobs");
    rmSync(blobDir, { recursive: true, force: true });
    // Root ignores permission bits, so the directory is replaced by a file instead of chmod-ed.
    writeFileSync(blobDir, "not a directory");
    const broken = await getJson(`${stack.pdsUrl}/readyz`);
    expect(broken).toEqual({
      status: 503,
      body: { error: "NotReady", message: "failing checks: blobstore", failing: ["blobstore"] },
    });
    expect((await fetch(`${stack.pdsUrl}/healthz`)).status).toBe(200);
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: "readiness check failed", check: "blobstore", err: expect.any(Object) }),
    );
    rmSync(blobDir);
    expect((await getJson(`${stack.pdsUrl}/readyz`)).status).toBe(200);
  });

  it("/readyz goes 503 naming the sequencer once its database is closed", async () => {
    await stack.pds.ctx.sequencer.close();
    const notReady = await getJson(`${stack.pdsUrl}/readyz`);
    expect(notReady.status).toBe(503);
    expect(notReady.body).toMatchObject({ error: "NotReady", failing: ["sequencer-db"] });
    expect((await getJson(`${stack.pdsUrl}/healthz`)).status).toBe(200);
  });
});
