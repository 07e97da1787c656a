// GET /metrics in Prometheus text format, behind the operator rule (a bearer token, else loopback
// only). Mount with `app.route("/", metricsRoutes(...))` before any catch-all route such as `/:did`.
import { Hono } from "hono";
import type { Registry } from "prom-client";
import { type ExtraAccess, operatorOnly } from "./operator-access.ts";

export interface MetricsRoutesOptions {
  registry: Registry;
  /** `<SERVICE>_METRICS_TOKEN`; unset or empty: loopback clients without proxy headers only. */
  token: string | undefined;
  /** Names the service in the `WWW-Authenticate` realm (`plc` gives `plc-metrics`). */
  service: string;
  /** Another credential that may read the metrics (the PDS: its administrator's, for the admin UI). */
  allow?: ExtraAccess;
}

export function metricsRoutes(opts: MetricsRoutesOptions): Hono {
  const app = new Hono();
  app.get(
    "/metrics",
    operatorOnly({
      token: opts.token,
      realm: `${opts.service}-metrics`,
      what: "metrics",
      ...(opts.allow ? { allow: opts.allow } : {}),
    }),
    async (c) => {
      const text = await opts.registry.metrics();
      return c.body(text, 200, { "content-type": opts.registry.contentType });
    },
  );
  return app;
}
