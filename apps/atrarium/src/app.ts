// The Worker's HTTP side: CORS, the feed generator, the API methods, /metrics, the OAuth sign-in. Every route gets the
// services of the composition root (services.ts) as `c.var.services`.
import { type Context, Hono } from "hono";
import { cors } from "hono/cors";
import { allowedOrigin, EXPOSED_HEADERS } from "./api/cors.ts";
import { feedRateLimit } from "./api/feed-limit.ts";
import { apiMethods } from "./api/methods.ts";
import { apiRoutes } from "./api/router.ts";
import type { AppEnv } from "./app-env.ts";
import type { Env } from "./env.ts";
import { startLabelSubscribers } from "./labels/start-label-subscribers.ts";
import { feedGenerator } from "./routes/feed-generator.ts";
import { metrics } from "./routes/metrics.ts";
import { oauthRoutes } from "./routes/oauth.ts";
import type { Services } from "./services.ts";
import { XrpcError, xrpcErrorResponse } from "./shared/xrpc-error.ts";

// The first request (and the cron) starts the receiver; it then keeps itself alive with its alarm,
// so an isolate only nudges it now and then rather than on every request.
const NUDGE_EVERY_MS = 10_000;

export function createApp(servicesOf: (env: Env) => Services) {
  let lastNudge = 0;
  const app = new Hono<AppEnv>();
  app.use("*", async (c, next) => {
    c.set("services", servicesOf(c.env));
    await next();
  });
  app.use(
    "*",
    cors({
      // The middleware's context is untyped; it is this app's.
      origin: (origin, c: Context<AppEnv>) => allowedOrigin(origin, c.var.services.settings.allowedOrigins),
      exposeHeaders: EXPOSED_HEADERS,
    }),
  );
  app.use("*", async (c, next) => {
    if (Date.now() - lastNudge > NUDGE_EVERY_MS) {
      lastNudge = Date.now();
      const { stubs } = c.var.services;
      c.executionCtx.waitUntil(stubs.receiver().ensureRunning());
      c.executionCtx.waitUntil(stubs.networkSync().ensureStarted());
      startLabelSubscribers(c.var.services, (p) => c.executionCtx.waitUntil(p));
    }
    await next();
  });
  app.get("/", (c) => c.text("Atrarium community feeds\n"));
  app.get("/xrpc/_health", (c) => c.json({ version: "atrarium/0.1.0" }));
  app.use("/xrpc/app.bsky.feed.getFeedSkeleton", feedRateLimit);
  app.route("/", feedGenerator);
  app.route("/", apiRoutes(apiMethods));
  app.route("/", metrics);
  app.route("/", oauthRoutes);
  app.notFound((c) => xrpcErrorResponse(c, new XrpcError(404, "NotFound", "Not Found")));
  app.onError((err, c) => xrpcErrorResponse(c, err));
  return app;
}
