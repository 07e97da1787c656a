// The request middleware in memory (Hono's app.request, no server): request ids kept, echoed or made,
// one log line per request under its route pattern, slow requests at warn, and the HTTP metrics.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import {
  createLogger,
  createMetricsRegistry,
  type ObserveRequestsOptions,
  observeRequests,
} from "../src/index.ts";
import { parsePrometheusText, sampleValue } from "../src/prometheus-text.ts";
import { captureLogs, LEVEL } from "./capture-logs.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function observedApp(opts: Partial<ObserveRequestsOptions> = {}) {
  const logs = captureLogs();
  const metrics = createMetricsRegistry();
  const logger = createLogger({ name: "test", level: "debug", destination: logs.destination });
  const app = new Hono();
  app.use(observeRequests({ logger, metrics: metrics.http, ...opts }));
  app.get("/items/:id", (c) => c.json({ id: c.req.param("id"), requestId: c.get("requestId") }));
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/boom", () => {
    throw new Error("boom");
  });
  app.onError((_err, c) => c.json({ error: "InternalServerError", message: "Internal Server Error" }, 500));
  return { app, lines: logs.lines, metrics };
}

describe("observeRequests", () => {
  it("keeps a sane incoming x-request-id, echoes it, hands it to handlers and logs it", async () => {
    const { app, lines } = observedApp();
    const res = await app.request("/items/did:plc:abc", { headers: { "x-request-id": "edge-42.A_b" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("edge-42.A_b");
    expect(await res.json()).toEqual({ id: "did:plc:abc", requestId: "edge-42.A_b" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: LEVEL.info,
      msg: "request",
      reqId: "edge-42.A_b",
      method: "GET",
      path: "/items/:id",
      status: 200,
      durationMs: expect.any(Number),
    });
    expect(JSON.stringify(lines[0])).not.toContain("did:plc:abc");
  });

  it("replaces a missing or unsafe id with a generated one", async () => {
    const { app, lines } = observedApp();
    const unsafe = ["has space", "tab\there", 'quo"te', "a,b", "<i>", "x".repeat(129), ""];
    for (const incoming of [undefined, ...unsafe]) {
      const headers: Record<string, string> = incoming === undefined ? {} : { "x-request-id": incoming };
      const res = await app.request("/items/1", { headers });
      const id = res.headers.get("x-request-id");
      expect(id, String(incoming)).toMatch(UUID);
      expect(lines.at(-1)?.reqId).toBe(id);
    }
    expect(new Set(lines.map((l) => l.reqId)).size).toBe(unsafe.length + 1);
    const longest = "y".repeat(128);
    const kept = await app.request("/items/1", { headers: { "x-request-id": longest } });
    expect(kept.headers.get("x-request-id")).toBe(longest);
  });

  it("logs slow and failed requests at warn, probes at debug, unknown paths as unmatched", async () => {
    let clock = 0;
    const { app, lines } = observedApp({ slowMs: 250, now: () => (clock += 300) });
    await app.request("/items/1");
    expect(lines.at(-1)).toMatchObject({ level: LEVEL.warn, msg: "slow request", durationMs: 300 });

    const fast = observedApp();
    expect((await fast.app.request("/boom")).status).toBe(500);
    expect(fast.lines.at(-1)).toMatchObject({ level: LEVEL.warn, path: "/boom", status: 500 });
    await fast.app.request("/healthz");
    expect(fast.lines.at(-1)).toMatchObject({ level: LEVEL.debug, path: "/healthz", status: 200 });
    const missing = await fast.app.request("/no/such/path/123");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-request-id")).toMatch(UUID);
    expect(fast.lines.at(-1)).toMatchObject({ level: LEVEL.info, path: "unmatched", status: 404 });
  });

  it("counts requests and their durations by method, route pattern and status", async () => {
    const { app, metrics } = observedApp();
    await app.request("/items/1");
    await app.request("/items/2");
    await app.request("/boom");
    await app.request("/nothing-here");
    await app.request("/items/1", { method: "BREW" });
    const samples = parsePrometheusText(await metrics.registry.metrics());
    const requests = (labels: Record<string, string>) => sampleValue(samples, "http_requests_total", labels);
    expect(requests({ method: "GET", route: "/items/:id", status: "200" })).toBe(2);
    expect(requests({ method: "GET", route: "/boom", status: "500" })).toBe(1);
    expect(requests({ method: "GET", route: "unmatched", status: "404" })).toBe(1);
    expect(requests({ method: "OTHER", route: "unmatched", status: "404" })).toBe(1);
    const count = sampleValue(samples, "http_request_duration_seconds_count", {
      method: "GET",
      route: "/items/:id",
    });
    expect(count).toBe(2);
    // The process's default metrics come with every registry.
    expect(sampleValue(samples, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
  });

  it("registries of two services in one process are independent", async () => {
    const a = observedApp();
    const b = observedApp();
    await a.app.request("/items/1");
    const inB = parsePrometheusText(await b.metrics.registry.metrics());
    expect(sampleValue(inB, "http_requests_total", { route: "/items/:id" })).toBeUndefined();
    expect(sampleValue(inB, "nodejs_heap_size_used_bytes")).toBeGreaterThan(0);
  });
});
