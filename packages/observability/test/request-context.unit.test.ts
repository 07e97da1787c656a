// The request id follows the request into code that logs on its own (a store, a timer the handler
// awaits), and a service can count its requests under its own route names.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createLogger, createMetricsRegistry, currentRequestId, observeRequests } from "../src/index.ts";
import { parsePrometheusText, sampleValue } from "../src/prometheus-text.ts";
import { captureLogs } from "./capture-logs.ts";

describe("request context", () => {
  it("every line logged while a request is served carries its id, lines outside none", async () => {
    const logs = captureLogs();
    const logger = createLogger({ name: "test", level: "info", destination: logs.destination });
    // A store far from the handler, logging with the service logger it was given at startup.
    const store = {
      async save() {
        await new Promise((resolve) => setTimeout(resolve, 1));
        logger.info({ saved: 1 }, "saved");
      },
    };
    const app = new Hono();
    app.use(observeRequests({ logger }));
    app.post("/save", async (c) => {
      await store.save();
      return c.json({ seen: currentRequestId() ?? null });
    });
    const res = await app.request("/save", { method: "POST", headers: { "x-request-id": "trace-9" } });
    expect(await res.json()).toEqual({ seen: "trace-9" });
    logger.info("outside any request");
    expect(logs.lines.map((l) => [l.msg, l.reqId])).toEqual([
      ["saved", "trace-9"],
      ["request", "trace-9"],
      ["outside any request", undefined],
    ]);
    expect(currentRequestId()).toBeUndefined();
  });

  it("counts and logs requests under the service's own route label when given one", async () => {
    const logs = captureLogs();
    const logger = createLogger({ name: "test", level: "info", destination: logs.destination });
    const metrics = createMetricsRegistry();
    const known = new Set(["a.b.c"]);
    const app = new Hono();
    app.use(
      observeRequests({
        logger,
        metrics: metrics.http,
        routeLabel: (c) => {
          const nsid = c.req.param("nsid") ?? "";
          return known.has(nsid) ? `/xrpc/${nsid}` : "/xrpc/:nsid";
        },
      }),
    );
    app.get("/xrpc/:nsid", (c) => c.json({}));
    await app.request("/xrpc/a.b.c");
    await app.request("/xrpc/made.up.one");
    await app.request("/xrpc/made.up.two");
    const samples = parsePrometheusText(await metrics.registry.metrics());
    const count = (route: string) => sampleValue(samples, "http_requests_total", { route, status: "200" });
    expect(count("/xrpc/a.b.c")).toBe(1);
    expect(count("/xrpc/:nsid")).toBe(2);
    expect(logs.lines.map((l) => l.path)).toEqual(["/xrpc/a.b.c", "/xrpc/:nsid", "/xrpc/:nsid"]);
  });
});
