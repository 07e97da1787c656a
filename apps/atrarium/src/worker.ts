// The Worker's handlers over one composition of services: HTTP, the queue consumer, and the cron
// that keeps the receiver alive. `overrides` swap services (tests only: test/support/).
import { createApp } from "./app.ts";
import type { Env, JetstreamEvent } from "./env.ts";
import { consumeBatch } from "./ingest/queue-consumer.ts";
import { type ServiceOverrides, servicesCache, servicesOf } from "./services.ts";

export function createWorker(overrides?: ServiceOverrides) {
  const servicesFor = overrides ? servicesCache(overrides) : servicesOf;
  const app = createApp(servicesFor);
  return {
    app,
    handler: {
      fetch: app.fetch,
      async queue(batch: MessageBatch<JetstreamEvent>, env: Env): Promise<void> {
        await consumeBatch(batch, servicesFor(env));
      },
      async scheduled(_controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
        const { stubs } = servicesFor(env);
        ctx.waitUntil(stubs.receiver().ensureRunning());
        ctx.waitUntil(stubs.networkSync().ensureStarted());
      },
    } satisfies ExportedHandler<Env, JetstreamEvent>,
  };
}
