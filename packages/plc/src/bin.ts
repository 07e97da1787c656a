// Runs the directory as a process: `node packages/plc/src/bin.ts`. Configured by environment:
// PLC_PORT (2582), PLC_HOST (127.0.0.1), PLC_DB (SQLite file) or PLC_DATA_DIR (./.data/plc), the
// per-DID caps PLC_RATE_LIMIT_HOUR/_DAY/_WEEK (10/30/100, or "off") or PLC_RATE_LIMITS=off,
// PLC_LOG_LEVEL (or LOG_LEVEL, default info), PLC_SLOW_REQUEST_MS (1000) and PLC_METRICS_TOKEN.
import path from "node:path";
import { rateLimitsFromEnv } from "./server/rate-limit-env.ts";
import { createPlcServer } from "./server/server.ts";

function portFromEnv(value: string | undefined): number {
  if (value === undefined || value === "") return 2582;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PLC_PORT must be a port number, got ${JSON.stringify(value)}`);
  }
  return port;
}

function millisFromEnv(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (!/^\d+$/.test(value))
    throw new Error(`${name} must be a number of milliseconds, got ${JSON.stringify(value)}`);
  return Number(value);
}

const env = process.env;
const dbPath = env.PLC_DB || path.join(env.PLC_DATA_DIR || "./.data/plc", "plc.sqlite");
const server = await createPlcServer({
  dbPath: path.resolve(dbPath),
  port: portFromEnv(env.PLC_PORT),
  host: env.PLC_HOST || "127.0.0.1",
  rateLimits: rateLimitsFromEnv(env),
  logLevel: env.PLC_LOG_LEVEL || env.LOG_LEVEL || "info",
  metricsToken: env.PLC_METRICS_TOKEN || undefined,
  slowRequestMs: millisFromEnv("PLC_SLOW_REQUEST_MS", env.PLC_SLOW_REQUEST_MS),
});
console.log(`plc: did:plc directory listening on ${server.url} (db ${path.resolve(dbPath)})`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`plc: ${signal}, shutting down`);
  // Do not hang forever on a client that keeps a request open.
  setTimeout(() => process.exit(1), 10_000).unref();
  await server.close();
  process.exit(0);
};
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
