// `npm start`: the whole stack offline, with demo data. Ctrl-C / SIGTERM stops every process.
import path from "node:path";
import { parseArgs } from "node:util";
import { DEMO_PASSWORD, DEVNET_ADMIN_PASSWORD, type DemoData } from "./demo-data.ts";
import { DEFAULT_PORTS, startDevnet } from "./devnet.ts";

const { values } = parseArgs({
  allowNegative: true,
  options: {
    fresh: { type: "boolean", default: false },
    worker: { type: "boolean", default: true },
    dashboard: { type: "boolean", default: true },
    "data-dir": { type: "string" },
  },
});
const repoRoot = path.resolve(import.meta.dirname, "../../..");
const dataDir = path.resolve(
  values["data-dir"] ?? process.env.DEVNET_DATA_DIR ?? path.join(repoRoot, ".data/devnet"),
);
const port = (name: string, dflt: number) => Number(process.env[name] ?? dflt);

const out = (line: string) => process.stdout.write(`${line}\n`);
const started = Date.now();
let stopDevnet: (() => Promise<void>) | undefined;
let stopping = false;
// A signal during startup aborts it: startDevnet then stops what it already started and throws.
const startup = new AbortController();
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  out("stopping devnet");
  if (!stopDevnet) return startup.abort();
  try {
    await stopDevnet?.();
  } catch (err) {
    process.stderr.write(`devnet stop: ${(err as Error).message}\n`);
    process.exit(1);
  }
  process.exit(0);
};
// Installed before starting, so a Ctrl-C during startup also stops what is already running.
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
process.on("SIGHUP", shutdown);
// Components run in their own process groups, so nothing else stops them if whoever started us dies
// without signalling (SIGKILL of `npm`, a closed terminal): notice being orphaned and stop them.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) void shutdown();
}, 500).unref();
try {
  const devnet = await startDevnet({
    dataDir,
    fresh: values.fresh,
    ports: {
      plc: port("DEVNET_PLC_PORT", DEFAULT_PORTS.plc),
      pds: port("DEVNET_PDS_PORT", DEFAULT_PORTS.pds),
      jetstream: port("DEVNET_JETSTREAM_PORT", DEFAULT_PORTS.jetstream),
      worker: port("DEVNET_WORKER_PORT", DEFAULT_PORTS.worker),
      workerInspector: port("DEVNET_WORKER_INSPECTOR_PORT", DEFAULT_PORTS.workerInspector),
      dashboard: port("DEVNET_DASHBOARD_PORT", DEFAULT_PORTS.dashboard),
    },
    worker: values.worker,
    dashboard: values.dashboard,
    onProgress: (l) => out(`... ${l}`),
    signal: startup.signal,
  });
  stopDevnet = devnet.stop;
  for (const { name, url } of devnet.urls) out(`${name.padEnd(10)} ${url}`);
  out(`data       ${dataDir}`);
  out(`mail       ${devnet.mailOutboxDir} (no SMTP: each mailed token lands here as an .eml file)`);
  const demo = devnet.demo as DemoData;
  out(`accounts   ${demo.accounts.map((a) => a.handle).join(", ")} (password: ${DEMO_PASSWORD})`);
  out(`admin      ${devnet.pdsUrl}/admin/ password ${DEVNET_ADMIN_PASSWORD} (PDS admin web UI and API)`);
  out(`community  ${demo.community.name} ${demo.community.hashtag} ${demo.community.uri}`);
  out(`devnet ready in ${((Date.now() - started) / 1000).toFixed(1)}s (Ctrl-C to stop)`);
} catch (err) {
  if (startup.signal.aborted) process.exit(0);
  process.stderr.write(`devnet failed to start: ${(err as Error).message}\n`);
  process.exit(1);
}
