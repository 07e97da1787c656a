// The probe routes every service answers: /healthz (liveness: the process answers; restart it when
// not), /readyz (readiness: its checks pass; send it no traffic when not, with the failing checks'
// names in a 503) and, when given, the service's historical /xrpc/_health body.
import { Hono } from "hono";
import type { Logger } from "pino";
import { type ReadinessCheck, runReadinessChecks } from "./readiness.ts";

export interface HealthRoutesOptions {
  /** Named readiness checks, e.g. `{ db: () => store.healthCheck() }`. */
  checks: Record<string, ReadinessCheck>;
  /** The body GET /xrpc/_health has always answered; omitted: no such route. */
  xrpcHealth?: Record<string, unknown>;
  /** Where a failing check's error is logged (the 503 body names the check only). */
  logger?: Logger;
  timeoutMs?: number;
}

export function healthRoutes(opts: HealthRoutesOptions): Hono {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const result = await runReadinessChecks(opts.checks, opts.timeoutMs);
    if (result.ready) return c.json({ status: "ready", checks: Object.keys(opts.checks) });
    for (const name of result.failing) {
      opts.logger?.warn({ check: name, err: result.errors[name] }, "readiness check failed");
    }
    const message = `failing checks: ${result.failing.join(", ")}`;
    return c.json({ error: "NotReady", message, failing: result.failing }, 503);
  });
  const body = opts.xrpcHealth;
  if (body) app.get("/xrpc/_health", (c) => c.json(body));
  return app;
}
