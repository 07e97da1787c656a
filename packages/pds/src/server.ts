// HTTP + WebSocket server: the OAuth authorization server (on the raw Node request), then CORS,
// health, well-known routes, the XRPC router, and the firehose upgrade.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  answerClientErrorsAsJson,
  healthRoutes,
  metricsRoutes,
  observeRequests,
} from "@atrarium/observability";
import { getRequestListener, type Http2Bindings, type HttpBindings } from "@hono/node-server";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { WebSocketServer } from "ws";
import { resumeDeletions } from "./account/delete-account.ts";
import { adminUiRoutes } from "./admin-ui/serve-admin-ui.ts";
import { methods } from "./api/index.ts";
import { configFromEnv, type PdsConfig } from "./config.ts";
import { type AppContext, type ContextOverrides, createContext } from "./context.ts";
import { handleSubscribeRepos } from "./firehose/subscribe-repos.ts";
import { announceDidWebChanges } from "./identity/did-web-changes.ts";
import { isReservedServiceHandle } from "./identity/handle.ts";
import { watchIdentityEvents } from "./identity/identity-events.ts";
import { serverDidDocument } from "./identity/server-did-document.ts";
import { pdsJobs } from "./jobs/pds-jobs.ts";
import { handleSubscribeLabels } from "./labels/subscribe-labels.ts";
import { oauthNodeHandler } from "./oauth/node-handler.ts";
import { adminActionPaths, logAdminActions } from "./observability/admin-actions.ts";
import { adminMetricsAccess } from "./observability/admin-metrics-access.ts";
import { xrpcRouteLabel } from "./observability/xrpc-route-label.ts";
import { startCrawlerNotifier } from "./sequencer/crawlers.ts";
import { recoverOutboxes } from "./sequencer/recover.ts";
import { PDS_VERSION } from "./version.ts";
import { XrpcError } from "./xrpc/errors.ts";
import { createXrpcRouter, errorResponse } from "./xrpc/router.ts";

// The event streams, served over a WebSocket upgrade rather than the XRPC router.
const streams: Record<string, typeof handleSubscribeRepos> = {
  "/xrpc/com.atproto.sync.subscribeRepos": handleSubscribeRepos,
  "/xrpc/com.atproto.label.subscribeLabels": handleSubscribeLabels,
};

export interface Pds {
  ctx: AppContext;
  url: string;
  port: number;
  // Runs a blob sweep now instead of on the sweeper's timer (for tests that move ctx.clock); resolves
  // with the uploads removed, rejects when the sweep failed. Any job: ctx.jobRunner.runNow(name).
  sweepBlobsNow: () => Promise<number>;
  close: () => Promise<void>;
}

export function createApp(ctx: AppContext) {
  const app = new Hono<{ Bindings: HttpBindings | Http2Bindings }>();
  const { logger, observability } = ctx;
  // First: every request gets its id, its log line and its count, whatever answers it.
  app.use(
    "*",
    observeRequests({
      logger,
      metrics: observability.metrics.http,
      slowMs: ctx.cfg.slowRequestMs,
      routeLabel: xrpcRouteLabel(methods.map((m) => m.nsid)),
    }),
  );
  app.use(
    "*",
    cors({
      origin: "*",
      exposeHeaders: [
        "Content-Length",
        "RateLimit-Limit",
        "RateLimit-Remaining",
        "RateLimit-Reset",
        "RateLimit-Policy",
        // OAuth (auth/oauth-access.ts): the next DPoP nonce, and the challenge of a refused proof.
        "DPoP-Nonce",
        "WWW-Authenticate",
      ],
    }),
  );
  app.get("/", (c) => c.text("This is an AT Protocol Personal Data Server (Aurora Locus)\n"));
  app.route(
    "/",
    healthRoutes({
      checks: observability.readiness,
      xrpcHealth: { version: PDS_VERSION },
      logger,
    }),
  );
  app.route(
    "/",
    metricsRoutes({
      registry: observability.metrics.registry,
      token: ctx.cfg.metricsToken,
      service: "pds",
      allow: adminMetricsAccess(ctx.admin.auth, logger, observability.metrics),
    }),
  );
  for (const adminPath of adminActionPaths(methods))
    app.use(adminPath, logAdminActions(logger, ctx.admin.auditLog));
  app.get("/.well-known/did.json", (c) => {
    const doc = serverDidDocument(ctx.cfg, ctx.labelerKey);
    return doc ? c.json(doc) : c.text("Not Found", 404);
  });
  app.get("/.well-known/atproto-did", async (c) => {
    const host = (c.req.header("host") ?? "").split(":")[0].toLowerCase();
    const account = await ctx.accounts.byHandle(host);
    if (!account) return c.text("User not found", 404);
    return c.text(account.did);
  });
  // For a reverse proxy's on-demand TLS (Caddy's `ask`): certificates only for names we serve.
  app.get("/tls-check", async (c) => {
    const domain = (c.req.query("domain") ?? "").toLowerCase();
    if (!domain)
      return c.json({ error: "InvalidRequest", message: "bad or missing domain query param" }, 400);
    if (domain === ctx.cfg.hostname) return c.json({ success: true });
    if (!ctx.cfg.handleDomains.some((d) => domain.endsWith(d)))
      return c.json({ error: "InvalidRequest", message: "handles are not provided on this domain" }, 400);
    // A reserved name (admin, www, ...) gets no certificate even if an account holds it from before.
    if (isReservedServiceHandle(ctx.cfg.handleDomains, domain) || !(await ctx.accounts.byHandle(domain)))
      return c.json({ error: "NotFound", message: "handle not found for this domain" }, 404);
    return c.json({ success: true });
  });
  app.route("/", adminUiRoutes(ctx.cfg.adminUiDir));
  app.route("/", createXrpcRouter(ctx, ctx.lexicons, methods));
  app.notFound(() => errorResponse(new XrpcError(404, "NotFound", "Not Found"), ctx));
  app.onError((err) => errorResponse(err, ctx));
  return app;
}

// `services` replaces parts of the context (e.g. a test's extra lexicons or its clock), as
// AppContext.fromConfig's overrides do in the official PDS.
export async function createPds(
  overrides: Partial<PdsConfig> = {},
  env = process.env,
  services: ContextOverrides = {},
): Promise<Pds> {
  let cfg = configFromEnv(env, overrides);
  // Listen first: with port 0 the real port is only known now, and the public URL registered in
  // every DID document must carry it.
  // The node bindings go through: /metrics reads the peer address from them (loopback only).
  let handle: (req: Request, env: HttpBindings | Http2Bindings) => Response | Promise<Response> = () =>
    new Response("starting", { status: 503 });
  const honoListener = getRequestListener((req, env) => handle(req, env));
  // The OAuth authorization server takes the raw Node request first (its middleware is Node-only);
  // whatever it does not serve falls through to Hono.
  let handleNode: (req: IncomingMessage, res: ServerResponse) => void = (req, res) =>
    void honoListener(req, res);
  const server = createServer((req, res) => handleNode(req, res));
  answerClientErrorsAsJson(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(cfg.port, cfg.bindHost, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  if (cfg.port === 0) cfg = configFromEnv(env, { ...overrides, port });
  const ctx = await createContext(cfg, services);
  await resumeDeletions(ctx);
  await recoverOutboxes(ctx);
  const stopIdentityWatch = watchIdentityEvents(ctx);
  const stopDidWebAnnounce = announceDidWebChanges(ctx);
  // Scheduled jobs (jobs/pds-jobs.ts): those due, or never run, start right away.
  for (const job of pdsJobs(ctx)) ctx.jobRunner.schedule(job);
  const crawlerNotifier = startCrawlerNotifier({
    crawlers: cfg.crawlers,
    hostname: new URL(cfg.publicUrl).host,
    intervalMs: cfg.crawlIntervalMs,
    sequencer: ctx.sequencer,
    clock: ctx.clock,
    logger: ctx.logger,
  });
  const app = createApp(ctx);
  handle = (req, env) => app.fetch(req, env);
  const oauth = oauthNodeHandler(ctx.oauth, cfg.publicUrl, ctx.logger);
  handleNode = (req, res) => oauth(req, res, () => void honoListener(req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const serve = streams[url.pathname];
    if (!serve) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ctx, ws, url.searchParams));
  });
  ctx.logger.info({ port, publicUrl: cfg.publicUrl }, "aurora locus pds listening");
  return {
    ctx,
    url: `http://127.0.0.1:${port}`,
    port,
    sweepBlobsNow: async () => {
      const sweep = await ctx.jobRunner.runNow("blob-sweeper");
      if (sweep.outcome === "failure") throw new Error(`blob sweep failed: ${sweep.error}`);
      return sweep.items;
    },
    close: async () => {
      stopIdentityWatch();
      stopDidWebAnnounce();
      await ctx.jobRunner.stop();
      await crawlerNotifier.stop();
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ctx.close();
    },
  };
}
