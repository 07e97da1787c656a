// The Worker's handlers over one composition of services: HTTP, the queue consumer, and the cron
// that keeps the receiver alive and runs the lifecycle sweep. `overrides` swap services (tests only:
// test/support/).
import { createApp } from "./app.ts";
import type { Env, JetstreamEvent } from "./env.ts";
import { consumeBatch } from "./ingest/queue-consumer.ts";
import { startLabelSubscribers } from "./labels/start-label-subscribers.ts";
import { sweepLifecycle } from "./lifecycle/lifecycle-sweep.ts";
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
        const services = servicesFor(env);
        ctx.waitUntil(services.stubs.receiver().ensureRunning());
        ctx.waitUntil(services.stubs.networkSync().ensureStarted());
        startLabelSubscribers(services, (p) => ctx.waitUntil(p));
        ctx.waitUntil(sweepLifecycle(services));
      },
    } satisfies ExportedHandler<Env, JetstreamEvent>,
  };
}
