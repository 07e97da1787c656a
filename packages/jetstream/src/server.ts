// The composition root: the event log, one consumer per upstream PDS, retention, and the HTTP server
// (`/subscribe` WebSocket, listReposByCollection, health, stats). Tests pass config overrides.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pino } from "pino";
import { WebSocketServer } from "ws";
import { configFromEnv, type JetstreamConfig } from "./config.ts";
import { listReposByCollection } from "./http/list-repos-by-collection.ts";
import { type JsonResponse, refuseUpgrade, sendJson, xrpcError } from "./http/responses.ts";
import { localIdResolver } from "./ingest/local-id-resolver.ts";
import { UpstreamConsumer } from "./ingest/upstream-consumer.ts";
import type { UpstreamStats } from "./ingest/upstream-stats.ts";
import { CollectionDirectory } from "./store/collection-directory.ts";
import { EventLog } from "./store/event-log.ts";
import { CursorError, replayPosition } from "./subscribe/cursor.ts";
import { type Filter, FilterError, filterFromQuery } from "./subscribe/filter.ts";
import { serveSubscriber } from "./subscribe/subscriber.ts";

export interface JetstreamStats {
  upstreams: UpstreamStats[];
  subscribers: number;
  subscribersDropped: number;
  eventsSent: number;
  bytesSent: number;
  log: { events: number; oldestTimeUs: number | null; lastTimeUs: number };
}

export interface Jetstream {
  cfg: JetstreamConfig;
  // http://127.0.0.1:PORT; subscribers connect to ws://127.0.0.1:PORT/subscribe.
  url: string;
  port: number;
  stats: () => JetstreamStats;
  close: () => Promise<void>;
}

interface SubscribeRequest {
  filter: Filter;
  position: number | null;
  requireHello: boolean;
}

export async function createJetstream(
  overrides: Partial<JetstreamConfig> = {},
  env: Record<string, string | undefined> = process.env,
): Promise<Jetstream> {
  const cfg = configFromEnv(env, overrides);
  const logger = pino({ name: "jetstream", level: cfg.logLevel });
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
  const serving = { subscribers: 0, subscribersDropped: 0, eventsSent: 0, bytesSent: 0 };
  const stats = (): JetstreamStats => ({
    upstreams: consumers.map((c) => ({ ...c.stats })),
    ...serving,
    log: { events: log.count(), oldestTimeUs: log.oldestTimeUs(), lastTimeUs: log.lastTimeUs },
  });

  const parseSubscribe = (params: URLSearchParams): SubscribeRequest | JsonResponse => {
    try {
      return {
        filter: filterFromQuery(params),
        position: replayPosition(params.get("cursor"), Date.now() * 1000),
        requireHello: params.get("requireHello") === "true",
      };
    } catch (err) {
      if (err instanceof FilterError || err instanceof CursorError) {
        return xrpcError(400, "InvalidRequest", err.message);
      }
      throw err;
    }
  };

  const route = (req: IncomingMessage, res: ServerResponse, url: URL): JsonResponse | null => {
    if (req.method === "OPTIONS") {
      res.writeHead(204, { "access-control-allow-origin": "*", "access-control-allow-headers": "*" });
      res.end();
      return null;
    }
    if (req.method !== "GET") return xrpcError(405, "InvalidRequest", "only GET is supported");
    switch (url.pathname) {
      case "/":
        res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
        res.end("This is a Jetstream-compatible event stream (Atrarium devnet). Subscribe at /subscribe\n");
        return null;
      case "/xrpc/_health":
        return { status: 200, body: { version: "atrarium-jetstream/0.1.0" } };
      case "/stats":
        return { status: 200, body: stats() };
      case "/xrpc/com.atproto.sync.listReposByCollection":
        return listReposByCollection(directory, url.searchParams);
      case "/subscribe": {
        const parsed = parseSubscribe(url.searchParams);
        return "status" in parsed ? parsed : xrpcError(426, "UpgradeRequired", "connect with a WebSocket");
      }
      default:
        return xrpcError(404, "NotFound", "Not Found");
    }
  };

  const server = createServer((req, res) => {
    try {
      const out = route(req, res, new URL(req.url ?? "/", "http://localhost"));
      if (out) sendJson(res, out);
    } catch (err) {
      logger.error({ err }, "request failed");
      if (!res.headersSent) sendJson(res, xrpcError(500, "InternalServerError", "Internal Server Error"));
    }
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 10_000_000 });
  server.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/subscribe") return refuseUpgrade(socket, xrpcError(404, "NotFound", "Not Found"));
    const parsed = parseSubscribe(url.searchParams);
    if ("status" in parsed) return refuseUpgrade(socket, parsed);
    wss.handleUpgrade(req, socket, head, (ws) => {
      serving.subscribers++;
      ws.once("close", () => serving.subscribers--);
      serveSubscriber(ws, {
        log,
        ...parsed,
        limits: {
          batchSize: cfg.subscriberBatchSize,
          bufferBytes: cfg.subscriberBufferBytes,
          stallMs: cfg.subscriberStallMs,
        },
        onSent: (bytes) => {
          serving.eventsSent++;
          serving.bytesSent += bytes;
        },
        onDropped: (reason) => {
          serving.subscribersDropped++;
          logger.warn({ reason }, "disconnecting slow subscriber");
        },
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(cfg.port, cfg.bindHost, () => resolve());
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
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      log.close();
    },
  };
}
