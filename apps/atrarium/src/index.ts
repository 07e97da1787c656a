// The Atrarium Worker: HTTP routes, the queue consumer, and the cron that keeps the receiver alive.
// Durable Object classes are exported from here so wrangler can bind them.
import { Hono } from "hono";
import { cors } from "hono/cors";
import { allowedOrigin } from "./api/cors.ts";
import { feedRateLimit } from "./api/feed-limit.ts";
import { apiMethods } from "./api/methods.ts";
import { apiRoutes } from "./api/router.ts";
import { type Env, type JetstreamEvent, receiverOf } from "./env.ts";
import { consumeBatch } from "./ingest/queue-consumer.ts";
import { feedGenerator } from "./routes/feed-generator.ts";
import { metrics } from "./routes/metrics.ts";
import { XrpcError, xrpcErrorResponse } from "./shared/xrpc-error.ts";
import { networkSyncOf } from "./sync/sync-of.ts";

export { CommunityFeed } from "./community/community-feed.ts";
export { RequestGuard } from "./guard/request-guard.ts";
export { FirehoseReceiver } from "./ingest/firehose-receiver.ts";
export { HashtagRegistry } from "./registry/hashtag-registry.ts";
export { RecordIndex } from "./registry/record-index.ts";
export { CommunitySync } from "./sync/community-sync.ts";
export { NetworkSync } from "./sync/network-sync.ts";

const app = new Hono<{ Bindings: Env }>();
app.use(
  "*",
  cors({
    origin: (origin, c) => allowedOrigin(origin, c.env),
    exposeHeaders: [
      "Atrarium-Stale",
      "RateLimit-Limit",
      "RateLimit-Remaining",
      "RateLimit-Reset",
      "Retry-After",
    ],
  }),
);
// The first request (and the cron) starts the receiver; it then keeps itself alive with its alarm,
// so an isolate only nudges it now and then rather than on every request.
let lastNudge = 0;
app.use("*", async (c, next) => {
  if (Date.now() - lastNudge > 10_000) {
    lastNudge = Date.now();
    c.executionCtx.waitUntil(receiverOf(c.env).ensureRunning());
    c.executionCtx.waitUntil(networkSyncOf(c.env).ensureStarted());
  }
  await next();
});
app.get("/", (c) => c.text("Atrarium community feeds\n"));
app.get("/xrpc/_health", (c) => c.json({ version: "atrarium/0.1.0" }));
app.use("/xrpc/app.bsky.feed.getFeedSkeleton", feedRateLimit);
app.route("/", feedGenerator);
app.route("/", apiRoutes(apiMethods));
app.route("/", metrics);
app.notFound((c) => xrpcErrorResponse(c, new XrpcError(404, "NotFound", "Not Found")));
app.onError((err, c) => xrpcErrorResponse(c, err));

export type AppType = typeof app;

export default {
  fetch: app.fetch,
  async queue(batch: MessageBatch<JetstreamEvent>, env: Env): Promise<void> {
    await consumeBatch(batch, env);
  },
  async scheduled(_controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    ctx.waitUntil(receiverOf(env).ensureRunning());
    ctx.waitUntil(networkSyncOf(env).ensureStarted());
  },
} satisfies ExportedHandler<Env, JetstreamEvent>;
