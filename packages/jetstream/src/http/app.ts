// The plain HTTP routes, on Hono as the PDS and PLC serve theirs: health and readiness, stats and
// metrics for the operator, listReposByCollection, requestCrawl and the non-upgrade answer of
// /subscribe. Only GET is served (405 otherwise), but for requestCrawl, a POST; CORS is open, since
// browser apps read the stream directly; every error is an XRPC JSON body. Every request gets a
// request id and one log line.
import {
  healthRoutes,
  metricsRoutes,
  observeRequests,
  operatorOnly,
  type ReadinessCheck,
  type ServiceMetrics,
} from "@atrarium/observability";
import type { HttpBindings } from "@hono/node-server";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Logger } from "pino";
import type { Crawler } from "../crawl/crawler.ts";
import type { CollectionDirectory } from "../store/collection-directory.ts";
import { isRefusal, parseSubscribeRequest } from "../subscribe/subscribe-request.ts";
import { listReposByCollection } from "./list-repos-by-collection.ts";
import { requestCrawl } from "./request-crawl.ts";
import { type JsonResponse, xrpcError } from "./responses.ts";

export interface HttpAppOptions {
  directory: CollectionDirectory;
  crawler: Crawler;
  stats: () => unknown;
  // JETSTREAM_STATS_TOKEN / JETSTREAM_METRICS_TOKEN; unset: loopback clients only.
  statsToken: string | undefined;
  metricsToken: string | undefined;
  metrics: ServiceMetrics;
  readiness: Record<string, ReadinessCheck>;
  logger: Logger;
  slowRequestMs: number;
}

const REQUEST_CRAWL = "/xrpc/com.atproto.sync.requestCrawl";

const send = (c: Context, { status, body }: JsonResponse) => c.json(body, status as ContentfulStatusCode);

export function createHttpApp(opts: HttpAppOptions): Hono<{ Bindings: HttpBindings }> {
  const { logger } = opts;
  const app = new Hono<{ Bindings: HttpBindings }>();
  app.use("*", observeRequests({ logger, metrics: opts.metrics.http, slowMs: opts.slowRequestMs }));
  app.use("*", cors({ origin: "*", allowMethods: ["GET"] }));
  app.use("*", async (c, next) => {
    const allowed = c.req.path === REQUEST_CRAWL ? "POST" : "GET";
    if (c.req.method !== allowed) {
      return send(c, xrpcError(405, "InvalidRequest", `only ${allowed} is supported`));
    }
    await next();
  });
  app.get("/", (c) =>
    c.text("This is a Jetstream-compatible event stream (Atrarium devnet). Subscribe at /subscribe\n"),
  );
  app.route(
    "/",
    healthRoutes({ checks: opts.readiness, xrpcHealth: { version: "atrarium-jetstream/0.1.0" }, logger }),
  );
  const statsAccess = operatorOnly({ token: opts.statsToken, realm: "jetstream-stats", what: "stats" });
  app.get("/stats", statsAccess, (c) => c.json(opts.stats()));
  app.route(
    "/",
    metricsRoutes({ registry: opts.metrics.registry, token: opts.metricsToken, service: "jetstream" }),
  );
  app.get("/xrpc/com.atproto.sync.listReposByCollection", (c) =>
    send(c, listReposByCollection(opts.directory, new URL(c.req.url).searchParams)),
  );
  app.post(
    REQUEST_CRAWL,
    bodyLimit({
      maxSize: 4 * 1024,
      onError: (c) => {
        // The rest of the body is never read: the connection cannot carry another request, and a
        // client that reused it would fail ("other side closed") on its next call.
        c.header("connection", "close");
        return send(c, xrpcError(413, "PayloadTooLarge", "request body too large"));
      },
    }),
    async (c) => {
      if (!c.req.header("content-type")?.startsWith("application/json")) {
        return send(c, xrpcError(400, "InvalidRequest", "input must be application/json"));
      }
      let input: unknown;
      try {
        input = await c.req.json();
      } catch {
        return send(c, xrpcError(400, "InvalidRequest", "input is not valid JSON"));
      }
      return send(c, await requestCrawl(opts.crawler, input));
    },
  );
  app.get("/subscribe", (c) => {
    const parsed = parseSubscribeRequest(new URL(c.req.url).searchParams);
    return send(
      c,
      isRefusal(parsed) ? parsed : xrpcError(426, "UpgradeRequired", "connect with a WebSocket"),
    );
  });
  app.notFound((c) => send(c, xrpcError(404, "NotFound", "Not Found")));
  app.onError((err, c) => {
    logger.error({ err, reqId: c.get("requestId") }, "request failed");
    return send(c, xrpcError(500, "InternalServerError", "Internal Server Error"));
  });
  return app;
}
