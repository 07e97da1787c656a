// The composition root: the event log, one consumer per upstream PDS, retention, metrics, and the
// server: the HTTP routes on Hono (health, readiness, stats, metrics, listReposByCollection) and the
// `/subscribe` WebSocket upgrade on the node server's `upgrade` event, as the PDS serves
// subscribeRepos. Tests pass config overrides.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createLogger } from "@atrarium/observability";
import { createAdaptorServer } from "@hono/node-server";
import { configFromEnv, type JetstreamConfig } from "./config.ts";
import { createHttpApp } from "./http/app.ts";
import { localIdResolver } from "./ingest/local-id-resolver.ts";
import { UpstreamConsumer } from "./ingest/upstream-consumer.ts";
import type { UpstreamStats } from "./ingest/upstream-stats.ts";
import { createJetstreamMetrics } from "./metrics.ts";
import { CollectionDirectory } from "./store/collection-directory.ts";
import { EventLog } from "./store/event-log.ts";
import { ConnectionLimiter } from "./subscribe/connection-limiter.ts";
import { type SubscribeCounters, subscribeUpgrade } from "./subscribe/upgrade.ts";

export interface JetstreamStats extends SubscribeCounters {
  upstreams: UpstreamStats[];
  log: { events: number; oldestTimeUs: number | null; lastTimeUs: number };
}

export interface Jetstream {
  cfg: JetstreamConfig;
  // http://127.0.0.1:PORT; subscribers connect to ws://127.0.0.1:PORT/subscribe.
  url: string;
  port: number;
  // The same numbers as GET /stats, without its access rule (for the process that runs Jetstream).
  stats: () => JetstreamStats;
  close: () => Promise<void>;
}

export async function createJetstream(
  overrides: Partial<JetstreamConfig> = {},
  env: Record<string, string | undefined> = process.env,
): Promise<Jetstream> {
  const cfg = configFromEnv(env, overrides);
  const logger = createLogger({ name: "jetstream", level: cfg.logLevel, destination: cfg.logDestination });
  const log = new EventLog(path.join(cfg.dataDir, "jetstream.sqlite"));
  const directory = new CollectionDirectory(log.database);
  const idResolver = localIdResolver(
    cfg.plcUrl,
    cfg.upstreams.map((u) => u.replace(/^ws/, "http")),
  );
  const consumers = cfg.upstreams.map(
    (url) =>
      new UpstreamConsumer({ url, log, idResolver, logger, maxReconnectSeconds: cfg.maxReconnectSeconds }),
  );
  const counters: SubscribeCounters = {
    subscribers: 0,
    subscribersDropped: 0,
    subscribersRefused: 0,
    eventsSent: 0,
    bytesSent: 0,
  };
  const stats = (): JetstreamStats => ({
    upstreams: consumers.map((c) => ({ ...c.stats })),
    ...counters,
    log: { events: log.count(), oldestTimeUs: log.oldestTimeUs(), lastTimeUs: log.lastTimeUs },
  });

  const metrics = createJetstreamMetrics({
    consumers,
    counters,
    log,
    maxSubscriberBehind: () => upgrade.maxBehind(),
  });

  const app = createHttpApp({
    directory,
    stats,
    statsToken: cfg.statsToken,
    metricsToken: cfg.metricsToken,
    metrics,
    readiness: { db: () => log.healthCheck() },
    logger,
    slowRequestMs: cfg.slowRequestMs,
  });
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  const upgrade = subscribeUpgrade({
    log,
    limits: {
      batchSize: cfg.subscriberBatchSize,
      bufferBytes: cfg.subscriberBufferBytes,
      stallMs: cfg.subscriberStallMs,
    },
    limiter: new ConnectionLimiter(cfg.maxConnectionsPerIp),
    counters,
    onDropped: (reason) => logger.warn({ reason }, "disconnecting slow subscriber"),
    onProgress: metrics.observeSubscriberBehind,
  });
  server.on("upgrade", upgrade.onUpgrade);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(cfg.port, cfg.bindHost, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const prune = () => {
    const removed = log.prune(Date.now() * 1000 - cfg.retentionSeconds * 1_000_000);
    if (removed > 0) logger.debug({ removed }, "retention pruned events");
  };
  prune();
  const pruneTimer = setInterval(prune, cfg.pruneIntervalMs);
  pruneTimer.unref();
  for (const c of consumers) c.start();
  logger.info({ port, upstreams: cfg.upstreams }, "jetstream listening");

  return {
    cfg,
    url: `http://127.0.0.1:${port}`,
    port,
    stats,
    close: async () => {
      clearInterval(pruneTimer);
      await Promise.all(consumers.map((c) => c.stop()));
      upgrade.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      log.close();
    },
  };
}
