// The composition root: the event log, one consumer per upstream PDS (configured, or added by
// requestCrawl and kept in the database), retention, metrics, and the server: the HTTP routes on Hono
// (health, readiness, stats, metrics, listReposByCollection, requestCrawl) and the
// `/subscribe` WebSocket upgrade on the node server's `upgrade` event, as the PDS serves
// subscribeRepos. Tests pass config overrides.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { answerClientErrorsAsJson, createLogger } from "@atrarium/observability";
import { createAdaptorServer } from "@hono/node-server";
import type { Logger } from "pino";
import { configFromEnv, type JetstreamConfig } from "./config.ts";
import { decideCrawl } from "./crawl/crawl-allow.ts";
import { parseCrawlHostname } from "./crawl/crawl-hostname.ts";
import { Crawler, type CrawlStats } from "./crawl/crawler.ts";
import { createHttpApp } from "./http/app.ts";
import { sameServer } from "./ingest/hosting.ts";
import { localIdResolver } from "./ingest/local-id-resolver.ts";
import { UpstreamConsumer } from "./ingest/upstream-consumer.ts";
import type { UpstreamStats } from "./ingest/upstream-stats.ts";
import { createJetstreamMetrics } from "./metrics.ts";
import { CollectionDirectory } from "./store/collection-directory.ts";
import { CrawledUpstreams } from "./store/crawled-upstreams.ts";
import { EventLog } from "./store/event-log.ts";
import { ConnectionLimiter } from "./subscribe/connection-limiter.ts";
import { type SubscribeCounters, subscribeUpgrade } from "./subscribe/upgrade.ts";

export interface JetstreamStats extends SubscribeCounters {
  upstreams: UpstreamStats[];
  crawl: CrawlStats;
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
  const crawled = new CrawledUpstreams(log.database);
  const crawls = stillAllowedCrawls(cfg, crawled, logger);
  const upstreams = [...cfg.upstreams, ...crawls.map((c) => c.url)];
  // The PDSes the handle resolver asks (it believes their answers), shared with it so crawled ones
  // join as they come. Not public crawled hosts: anyone can run one, and it could claim any handle.
  const pdsUrls = [...cfg.upstreams, ...crawls.filter((c) => !c.publicOnly).map((c) => c.url)].map((u) =>
    u.replace(/^ws/, "http"),
  );
  const idResolver = localIdResolver(cfg.plcUrl, pdsUrls);
  const newConsumer = (url: string) =>
    new UpstreamConsumer({ url, log, idResolver, logger, maxReconnectSeconds: cfg.maxReconnectSeconds });
  const consumers = upstreams.map(newConsumer);
  let closed = false;
  const crawler = new Crawler({
    rules: cfg.crawlAllow,
    store: crawled,
    upstreams: () => consumers.map((c) => c.stats.upstream),
    addUpstream: (url, publicOnly) => {
      if (closed) return;
      const consumer = newConsumer(url);
      consumers.push(consumer);
      if (!publicOnly) pdsUrls.push(url);
      consumer.start();
    },
    checkTimeoutMs: 5000,
    logger,
  });
  const counters: SubscribeCounters = {
    subscribers: 0,
    subscribersDropped: 0,
    subscribersRefused: 0,
    eventsSent: 0,
    bytesSent: 0,
  };
  const stats = (): JetstreamStats => ({
    upstreams: consumers.map((c) => ({ ...c.stats })),
    crawl: { ...crawler.stats },
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
    crawler,
    stats,
    statsToken: cfg.statsToken,
    metricsToken: cfg.metricsToken,
    metrics,
    readiness: { db: () => log.healthCheck() },
    logger,
    slowRequestMs: cfg.slowRequestMs,
  });
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  answerClientErrorsAsJson(server);
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
  logger.info({ port, upstreams }, "jetstream listening");

  return {
    cfg,
    url: `http://127.0.0.1:${port}`,
    port,
    stats,
    close: async () => {
      closed = true;
      clearInterval(pruneTimer);
      await Promise.all(consumers.map((c) => c.stop()));
      upgrade.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      log.close();
    },
  };
}

// Crawled upstreams from earlier runs, unless the allow-list no longer permits them (the operator
// narrowed it) or the configuration lists them already.
function stillAllowedCrawls(
  cfg: JetstreamConfig,
  crawled: CrawledUpstreams,
  logger: Logger,
): { url: string; publicOnly: boolean }[] {
  return crawled.list().flatMap(({ url, hostname }) => {
    if (cfg.upstreams.some((u) => sameServer(u, url))) return [];
    const target = parseCrawlHostname(hostname);
    const decision = "invalid" in target ? { refused: target.invalid } : decideCrawl(target, cfg.crawlAllow);
    if ("refused" in decision || decision.url !== url) {
      logger.warn({ hostname, upstream: url }, "not consuming a crawled upstream the allow-list now refuses");
      return [];
    }
    return [{ url, publicOnly: decision.publicOnly }];
  });
}
