// One Hono middleware per service, mounted first: gives every request an id (kept from a sane
// incoming `x-request-id`, else new), echoes it on the response, logs one line per request (route
// pattern, status, duration, id) and records the HTTP metrics. Slow or failed requests log at `warn`;
// probes and scrapes (quietRoutes) at `debug`, so a scraper polling every few seconds does not fill
// the log.
import type { Context, MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import type { HttpMetrics } from "./metrics-registry.ts";
import { runWithRequestId } from "./request-context.ts";
import { REQUEST_ID_HEADER, requestIdFor } from "./request-id.ts";
import { methodLabel, routeLabel } from "./route-label.ts";

// `c.get("requestId")` in every handler and error handler, typed, whatever the app's own env (the
// same variable hono/request-id declares).
declare module "hono" {
  interface ContextVariableMap {
    requestId: string;
  }
}

export interface ObserveRequestsOptions {
  logger: Logger;
  metrics?: HttpMetrics;
  /** Requests slower than this are logged at `warn`. Default 1000 ms. */
  slowMs?: number;
  /** Route patterns logged at `debug` unless slow or failed. Default: the probe and scrape routes. */
  quietRoutes?: readonly string[];
  /** Milliseconds on a monotonic clock; tests pass their own to make a request "slow". */
  now?: () => number;
  /**
   * The route a request is counted and logged under (after the handler ran). Default: the pattern
   * that answered (routeLabel). A service whose one pattern serves many methods (`/xrpc/:nsid`) names
   * them here, from a closed set so label cardinality stays bounded.
   */
  routeLabel?: (c: Context) => string;
}

export const DEFAULT_SLOW_MS = 1000;
const PROBE_ROUTES = ["/healthz", "/readyz", "/metrics", "/xrpc/_health", "/_health"];

export function observeRequests(opts: ObserveRequestsOptions): MiddlewareHandler {
  const { logger, metrics } = opts;
  const slowMs = opts.slowMs ?? DEFAULT_SLOW_MS;
  const quiet = new Set(opts.quietRoutes ?? PROBE_ROUTES);
  const now = opts.now ?? (() => performance.now());
  const labelOf = opts.routeLabel ?? routeLabel;
  return async (c, next) => {
    const requestId = requestIdFor(c.req.header(REQUEST_ID_HEADER));
    c.set("requestId", requestId);
    const started = now();
    let thrown = false;
    try {
      // Everything the request runs, and every line it logs, carries its id (request-context.ts).
      await runWithRequestId(requestId, next);
    } catch (err) {
      // Only what no onError handled gets here; Hono answers it with a 500.
      thrown = true;
      throw err;
    } finally {
      const durationMs = now() - started;
      const status = thrown ? 500 : c.res.status;
      if (!thrown) c.header(REQUEST_ID_HEADER, requestId);
      const method = methodLabel(c.req.method);
      const route = labelOf(c);
      metrics?.requests.inc({ method, route, status: String(status) });
      metrics?.duration.observe({ method, route }, durationMs / 1000);
      const line = { reqId: requestId, method, path: route, status, durationMs: Math.round(durationMs) };
      if (durationMs > slowMs) logger.warn(line, "slow request");
      else if (status >= 500) logger.warn(line, "request failed");
      else if (quiet.has(route)) logger.debug(line, "request");
      else logger.info(line, "request");
    }
  };
}
