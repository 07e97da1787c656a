// Jetstream configuration from JETSTREAM_* environment variables, with defaults for the local devnet
// (the PDS on 2583, the PLC directory on 2582). Tests pass overrides instead.
import path from "node:path";
import type { DestinationStream } from "pino";
import { type CrawlRule, parseCrawlAllow } from "./crawl/crawl-allow.ts";

export interface JetstreamConfig {
  port: number;
  bindHost: string;
  dataDir: string;
  // PDS base URLs (http or ws) whose subscribeRepos firehoses feed the stream.
  upstreams: string[];
  // Which hosts com.atproto.sync.requestCrawl may add as upstreams (JETSTREAM_CRAWL_ALLOW, see
  // crawl/crawl-allow.ts): public https hosts by default, loopback ports for a devnet.
  crawlAllow: CrawlRule[];
  plcUrl: string;
  retentionSeconds: number;
  // How often retention runs; at most a minute.
  pruneIntervalMs: number;
  subscriberBatchSize: number;
  subscriberBufferBytes: number;
  subscriberStallMs: number;
  maxReconnectSeconds: number;
  // Open /subscribe connections allowed per client address (IPv6: per /64); 0 for no cap. Behind a
  // reverse proxy every client has the proxy's address: cap there and set 0 here.
  maxConnectionsPerIp: number;
  // Bearer token for GET /stats; unset, /stats answers direct loopback clients only.
  statsToken: string | undefined;
  // Bearer token for GET /metrics; unset, /metrics answers direct loopback clients only.
  metricsToken: string | undefined;
  logLevel: string;
  // Requests slower than this are logged at warn.
  slowRequestMs: number;
  // Where the JSON log lines go (stdout when unset); tests pass a stream to read them.
  logDestination?: DestinationStream;
}

type Env = Record<string, string | undefined>;

const int = (v: string | undefined, dflt: number) =>
  v === undefined || v === "" ? dflt : Number.parseInt(v, 10);

export function configFromEnv(
  env: Env = process.env,
  overrides: Partial<JetstreamConfig> = {},
): JetstreamConfig {
  const retentionSeconds = overrides.retentionSeconds ?? int(env.JETSTREAM_RETENTION_SECONDS, 36 * 60 * 60);
  const cfg: JetstreamConfig = {
    port: int(env.JETSTREAM_PORT, 6008),
    bindHost: env.JETSTREAM_BIND_HOST ?? "127.0.0.1",
    dataDir: path.resolve(env.JETSTREAM_DATA_DIR ?? ".data/jetstream"),
    upstreams: (env.JETSTREAM_UPSTREAMS ?? "http://127.0.0.1:2583")
      .split(",")
      .map((u) => u.trim().replace(/\/+$/, ""))
      .filter(Boolean),
    crawlAllow: overrides.crawlAllow ?? parseCrawlAllow(env.JETSTREAM_CRAWL_ALLOW),
    plcUrl: env.JETSTREAM_PLC_URL ?? "http://127.0.0.1:2582",
    retentionSeconds,
    pruneIntervalMs: Math.min(60_000, Math.max(100, (retentionSeconds * 1000) / 10)),
    subscriberBatchSize: int(env.JETSTREAM_SUBSCRIBER_BATCH, 500),
    subscriberBufferBytes: int(env.JETSTREAM_SUBSCRIBER_BUFFER_BYTES, 4 * 1024 * 1024),
    subscriberStallMs: int(env.JETSTREAM_SUBSCRIBER_STALL_MS, 15_000),
    maxReconnectSeconds: int(env.JETSTREAM_MAX_RECONNECT_SECONDS, 4),
    maxConnectionsPerIp: int(env.JETSTREAM_MAX_CONNECTIONS_PER_IP, 20),
    statsToken: env.JETSTREAM_STATS_TOKEN || undefined,
    metricsToken: env.JETSTREAM_METRICS_TOKEN || undefined,
    logLevel: env.JETSTREAM_LOG_LEVEL ?? env.LOG_LEVEL ?? "info",
    slowRequestMs: int(env.JETSTREAM_SLOW_REQUEST_MS, 1000),
    ...overrides,
  };
  if (!Number.isInteger(cfg.maxConnectionsPerIp) || cfg.maxConnectionsPerIp < 0)
    throw new Error("JETSTREAM_MAX_CONNECTIONS_PER_IP: not a non-negative integer");
  if (!Number.isInteger(cfg.slowRequestMs) || cfg.slowRequestMs < 0)
    throw new Error("JETSTREAM_SLOW_REQUEST_MS: not a non-negative integer");
  for (const u of cfg.upstreams) {
    if (!/^(https?|wss?):\/\//.test(u))
      throw new Error(`JETSTREAM_UPSTREAMS: not an http(s)/ws(s) URL: ${u}`);
  }
  return cfg;
}
