// Jetstream's operator side, on a private instance with no upstream: request ids on responses and in
// the log, who may read /metrics (a bearer token when JETSTREAM_METRICS_TOKEN is set, else loopback
// clients only), and the probes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parsePrometheusText, sampleValue } from "@atrarium/observability/prometheus-text";
import { afterEach, describe, expect, it } from "vitest";
import { createJetstream, type Jetstream, type JetstreamConfig } from "../src/index.ts";

describe("Jetstream observability", () => {
  let dir: string | undefined;
  let jetstream: Jetstream | undefined;
  afterEach(async () => {
    await jetstream?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    jetstream = undefined;
    dir = undefined;
  });
  async function start(env: Record<string, string> = {}, overrides: Partial<JetstreamConfig> = {}) {
    dir = mkdtempSync(path.join(tmpdir(), "jetstream-obs-"));
    const cfg = { port: 0, dataDir: dir, upstreams: [], logLevel: "silent", ...overrides };
    jetstream = await createJetstream(cfg, env);
    return jetstream;
  }

  it("echoes or makes the request id and logs one line with it per request", async () => {
    const lines: Record<string, unknown>[] = [];
    const { url } = await start(
      {},
      { logLevel: "info", logDestination: { write: (l: string) => void lines.push(JSON.parse(l)) } },
    );
    const res = await fetch(
      `${url}/xrpc/com.atproto.sync.listReposByCollection?collection=app.bsky.feed.post`,
      {
        headers: { "x-request-id": "trace-1" },
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("trace-1");
    expect(lines.find((l) => l.reqId === "trace-1")).toMatchObject({
      name: "jetstream",
      msg: "request",
      method: "GET",
      path: "/xrpc/com.atproto.sync.listReposByCollection",
      status: 200,
      durationMs: expect.any(Number),
    });
    const refused = await fetch(`${url}/stats`, {
      method: "POST",
      headers: { "x-request-id": "x".repeat(200) },
    });
    expect(refused.status).toBe(405);
    const made = refused.headers.get("x-request-id");
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.find((l) => l.reqId === made)).toMatchObject({ method: "POST", status: 405 });
  });

  it("without a token, /metrics answers loopback clients only, not what a local proxy forwards", async () => {
    const { url } = await start();
    const proxied = await fetch(`${url}/metrics`, { headers: { "x-forwarded-for": "203.0.113.7" } });
    expect(proxied.status).toBe(403);
    expect(await proxied.json()).toMatchObject({ error: "Forbidden" });
    const direct = await fetch(`${url}/metrics`);
    expect(direct.status).toBe(200);
    const samples = parsePrometheusText(await direct.text());
    expect(sampleValue(samples, "jetstream_subscribers")).toBe(0);
    expect(sampleValue(samples, "jetstream_log_events")).toBe(0);
  });

  it("with JETSTREAM_METRICS_TOKEN, /metrics needs it, and HTTP counters move", async () => {
    const { url } = await start({ JETSTREAM_METRICS_TOKEN: "m3trics" });
    for (const headers of [{}, { authorization: "Bearer wrong" }]) {
      const res = await fetch(`${url}/metrics`, { headers });
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="jetstream-metrics"');
      expect(await res.json()).toMatchObject({ error: "AuthenticationRequired" });
    }
    // The stats token is another one: still loopback-only without JETSTREAM_STATS_TOKEN.
    expect((await fetch(`${url}/stats`)).status).toBe(200);
    const scrape = async () => {
      const res = await fetch(`${url}/metrics`, {
        headers: { authorization: "Bearer m3trics", "x-forwarded-for": "203.0.113.7" },
      });
      expect(res.status).toBe(200);
      return parsePrometheusText(await res.text());
    };
    const health = { method: "GET", route: "/xrpc/_health", status: "200" };
    const before = sampleValue(await scrape(), "http_requests_total", health) ?? 0;
    for (let i = 0; i < 3; i++) expect((await fetch(`${url}/xrpc/_health`)).status).toBe(200);
    expect(sampleValue(await scrape(), "http_requests_total", health)).toBe(before + 3);
  });

  it("answers the probes: /healthz, /readyz and the historical /xrpc/_health", async () => {
    const { url } = await start();
    const live = await fetch(`${url}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", checks: ["db"] });
    expect(await (await fetch(`${url}/xrpc/_health`)).json()).toEqual({
      version: "atrarium-jetstream/0.1.0",
    });
  });
});
