// Liveness, readiness and the readiness runner: failing checks are named, a hung one times out.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createLogger, healthRoutes, runReadinessChecks } from "../src/index.ts";
import { captureLogs, LEVEL } from "./capture-logs.ts";

describe("runReadinessChecks", () => {
  it("names every failing check: thrown, rejected or timed out", async () => {
    const result = await runReadinessChecks(
      {
        db: () => {},
        cache: async () => {},
        broken: () => {
          throw new Error("database is not open");
        },
        rejected: () => Promise.reject(new Error("nope")),
        hung: () => new Promise<void>(() => {}),
      },
      50,
    );
    expect(result.ready).toBe(false);
    expect(result.failing).toEqual(["broken", "rejected", "hung"]);
    expect(String(result.errors.hung)).toMatch(/timed out after 50 ms/);
    expect(await runReadinessChecks({})).toEqual({ ready: true, failing: [], errors: {} });
  });
});

describe("healthRoutes", () => {
  it("/healthz answers while /readyz follows the checks; /xrpc/_health keeps its body", async () => {
    let dbOpen = true;
    const logs = captureLogs();
    const app = new Hono();
    app.route(
      "/",
      healthRoutes({
        checks: {
          db: () => {
            if (!dbOpen) throw new Error("database is not open");
          },
          disk: () => {},
        },
        xrpcHealth: { version: "svc/1.0.0" },
        logger: createLogger({ name: "test", level: "info", destination: logs.destination }),
      }),
    );
    expect(await (await app.request("/xrpc/_health")).json()).toEqual({ version: "svc/1.0.0" });
    const ready = await app.request("/readyz");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", checks: ["db", "disk"] });

    dbOpen = false;
    const live = await app.request("/healthz");
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: "ok" });
    const notReady = await app.request("/readyz");
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({
      error: "NotReady",
      message: "failing checks: db",
      failing: ["db"],
    });
    expect(logs.lines).toEqual([
      expect.objectContaining({ level: LEVEL.warn, check: "db", msg: "readiness check failed" }),
    ]);
  });
});
