// Starts the directory: opens the store, serves the app with @hono/node-server, and resolves once the
// port is bound (port 0 picks a free one, which tests use).
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { answerClientErrorsAsJson, createLogger, type DestinationStream } from "@atrarium/observability";
import { createAdaptorServer } from "@hono/node-server";
import { PlcStore, type PlcStoreOptions } from "../store/plc-store.ts";
import { createPlcApp } from "./app.ts";
import { createPlcMetrics } from "./plc-metrics.ts";

export interface PlcServerOptions {
  /** SQLite file, created with its directory if missing. */
  dbPath: string;
  /** Default 2582, the devnet's PLC port; 0 for any free port. */
  port?: number;
  /** Default 127.0.0.1: a devnet directory has no business on other interfaces unless asked. */
  host?: string;
  /** Clock in unix ms, for tests of the recovery window and the per-DID caps. */
  now?: () => number;
  /** Per-DID caps on operations (upstream's 10/hour, 30/day, 100/week by default); false: none. */
  rateLimits?: PlcStoreOptions["rateLimits"];
  /**
   * pino level of the request and error log. Default `warn`, so a directory embedded in tests or the
   * in-process devnet stays quiet; the `atrarium-plc` process defaults to `info` (PLC_LOG_LEVEL).
   */
  logLevel?: string;
  /** Where the JSON log lines go (default stdout); tests pass a stream to read them. */
  logDestination?: DestinationStream;
  /** Bearer token for GET /metrics (PLC_METRICS_TOKEN); unset: loopback clients only. */
  metricsToken?: string;
  /** Requests slower than this are logged at `warn` (default 1000 ms). */
  slowRequestMs?: number;
}

export interface PlcServer {
  /** Base URL, e.g. http://127.0.0.1:2582 (no trailing slash). */
  url: string;
  port: number;
  store: PlcStore;
  close(): Promise<void>;
}

function urlHost(host: string): string {
  // A wildcard bind is reachable on loopback; IPv6 literals need brackets in a URL.
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

export async function createPlcServer(opts: PlcServerOptions): Promise<PlcServer> {
  const host = opts.host ?? "127.0.0.1";
  const logger = createLogger({
    name: "plc",
    level: opts.logLevel ?? "warn",
    destination: opts.logDestination,
  });
  const metrics = createPlcMetrics(() => store.didCount());
  const store = new PlcStore({
    dbPath: opts.dbPath,
    now: opts.now,
    rateLimits: opts.rateLimits,
    onAppendDbSeconds: metrics.observeAppendDbSeconds,
  });
  const app = createPlcApp(store, {
    logger,
    metrics,
    metricsToken: opts.metricsToken,
    slowRequestMs: opts.slowRequestMs,
  });
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  answerClientErrorsAsJson(server);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(opts.port ?? 2582, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (err) {
    store.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve, reject) => {
      // close() waits for in-flight requests; idle keep-alive sockets would otherwise hold it open.
      server.close((err) => {
        store.close();
        if (err) reject(err);
        else resolve();
      });
      server.closeIdleConnections();
      // A client holding a request open must not keep a test run or a shutdown waiting forever.
      setTimeout(() => server.closeAllConnections(), 5_000).unref();
    });
    return closing;
  };
  return { url: `http://${urlHost(host)}:${port}`, port, store, close };
}
