// The local network as processes: PLC directory, Aurora Locus PDS, Jetstream and the Atrarium Worker
// under `wrangler dev` and the dashboard (static files, built when stale; both through their own
// package scripts; the PDS's admin web UI is built when stale too), fixed ports so persisted DID documents and
// feed records stay valid, one data directory, demo data on first run. Each component is a detached process group with a readiness
// check; stopping kills every group and checks the ports are closed.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DEVNET_ADMIN_PASSWORD, type DemoData, seedDemoData } from "./demo-data.ts";
import { packageScript, runPackageScript } from "./package-script.ts";
import { type ComponentSpec, type RunningComponent, startComponent } from "./supervisor.ts";
import { workerSpec } from "./worker-process.ts";

export interface DevnetPorts {
  plc: number;
  pds: number;
  jetstream: number;
  worker: number;
  workerInspector: number;
  dashboard: number;
}

export const DEFAULT_PORTS: DevnetPorts = {
  plc: 2582,
  pds: 2583,
  jetstream: 6008,
  worker: 8787,
  workerInspector: 9229,
  dashboard: 5173,
};

export interface DevnetOptions {
  dataDir: string;
  fresh?: boolean;
  ports?: Partial<DevnetPorts>;
  onProgress?: (line: string) => void;
  // Aborting stops the components already started and makes startDevnet throw.
  signal?: AbortSignal;
  // false skips the demo data (tests that bring their own).
  seed?: boolean;
  // Extra environment per component name, e.g. { Jetstream: { JETSTREAM_RETENTION_SECONDS: "2" } }.
  env?: Record<string, Record<string, string>>;
  // The Atrarium Worker runs unless this is false.
  worker?: boolean;
  // Serve the dashboard (with the Worker only): `npm start` does, tests that need it ask.
  dashboard?: boolean;
}

export interface Devnet {
  urls: { name: string; url: string }[];
  plcUrl: string;
  pdsUrl: string;
  jetstreamUrl: string;
  // The PDS runs without SMTP: its mail (tokens for email confirmation, password reset, ...) is
  // written here, one .eml file per message.
  mailOutboxDir: string;
  demo: DemoData | null;
  // The running process of each component by name, for tests that kill or restart one.
  components: Map<string, RunningComponent>;
  restart: (name: string) => Promise<void>;
  stop: () => Promise<void>;
}

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const nodeScript = (rel: string) => ({ command: process.execPath, args: [path.join(repoRoot, rel)] });

export function componentSpecs(
  dataDir: string,
  ports: DevnetPorts,
  withWorker: boolean,
  withDashboard = false,
): ComponentSpec[] {
  const plcInternal = `http://127.0.0.1:${ports.plc}`;
  const pdsInternal = `http://127.0.0.1:${ports.pds}`;
  const worker = workerSpec({
    port: ports.worker,
    inspectorPort: ports.workerInspector,
    persistTo: path.join(dataDir, "worker"),
    jetstreamUrl: `ws://127.0.0.1:${ports.jetstream}`,
    plcUrl: `http://127.0.0.1:${ports.plc}`,
    handleResolverUrl: pdsInternal,
    // The devnet PDS (its did:web, PDS_HOSTNAME localhost) is the Worker's trusted labeler.
    vars: { TRUSTED_LABELERS: `did:web:localhost%3A${ports.pds}` },
  });
  return [
    {
      name: "PLC",
      ...nodeScript("packages/plc/src/bin.ts"),
      env: { PLC_PORT: String(ports.plc), PLC_DATA_DIR: path.join(dataDir, "plc") },
      port: ports.plc,
      healthUrl: `${plcInternal}/_health`,
    },
    {
      name: "PDS",
      ...nodeScript("packages/pds/src/bin.ts"),
      env: {
        PDS_PORT: String(ports.pds),
        PDS_HOSTNAME: "localhost",
        PDS_DATA_DIRECTORY: path.join(dataDir, "pds"),
        PDS_DID_PLC_URL: plcInternal,
        PDS_LOG_LEVEL: "warn",
        // A devnet signs anyone up: invites are for real deployments.
        PDS_INVITE_REQUIRED: "false",
        // Tests and seeding drive accounts hard from one address; rate limits are for real deployments.
        PDS_RATE_LIMITS_ENABLED: "false",
        PDS_ADMIN_PASSWORD: DEVNET_ADMIN_PASSWORD,
        // New events are announced to Jetstream, which crawls PDSes on loopback ports (a second PDS).
        PDS_CRAWLERS: `http://127.0.0.1:${ports.jetstream}`,
      },
      port: ports.pds,
      healthUrl: `${pdsInternal}/xrpc/_health`,
    },
    {
      name: "Jetstream",
      ...nodeScript("packages/jetstream/src/bin.ts"),
      env: {
        JETSTREAM_PORT: String(ports.jetstream),
        JETSTREAM_DATA_DIR: path.join(dataDir, "jetstream"),
        JETSTREAM_UPSTREAMS: pdsInternal,
        JETSTREAM_PLC_URL: plcInternal,
        JETSTREAM_LOG_LEVEL: "warn",
        JETSTREAM_CRAWL_ALLOW: "loopback:*",
      },
      port: ports.jetstream,
      healthUrl: `http://127.0.0.1:${ports.jetstream}/xrpc/_health`,
    },
    ...(withWorker ? [worker] : []),
    ...(withDashboard
      ? [
          {
            name: "Dashboard",
            ...packageScript("@atrarium/dashboard", "serve"),
            env: {
              DASHBOARD_PORT: String(ports.dashboard),
              DASHBOARD_WORKER_URL: `http://localhost:${ports.worker}`,
              DASHBOARD_PLC_URL: `http://localhost:${ports.plc}`,
              DASHBOARD_PDS_URL: `http://localhost:${ports.pds}`,
            },
            port: ports.dashboard,
            healthUrl: `http://127.0.0.1:${ports.dashboard}/config.json`,
          },
        ]
      : []),
  ];
}

export async function startDevnet(opts: DevnetOptions): Promise<Devnet> {
  const log = opts.onProgress ?? (() => {});
  if (opts.fresh) rmSync(opts.dataDir, { recursive: true, force: true });
  mkdirSync(opts.dataDir, { recursive: true });
  const ports = { ...DEFAULT_PORTS, ...opts.ports };
  const components = new Map<string, RunningComponent>();
  const stop = async () => {
    const errors: unknown[] = [];
    for (const c of [...components.values()].reverse()) await c.stop().catch((err) => errors.push(err));
    if (errors.length > 0) throw errors[0];
  };
  const restart = async (name: string) => {
    const current = components.get(name);
    if (!current) throw new Error(`no component ${name}`);
    await current.stop();
    components.set(name, await startComponent(current.spec));
  };
  try {
    const withWorker = opts.worker !== false;
    const withDashboard = opts.dashboard === true && withWorker;
    // The PDS serves the admin web UI at /admin from apps/pds-admin/dist: built now if its sources
    // are newer, as the dashboard is when it starts.
    const adminUi = await runPackageScript("@atrarium/pds-admin", "build:stale", { signal: opts.signal });
    if (adminUi) log(adminUi);
    for (const spec of componentSpecs(opts.dataDir, ports, withWorker, withDashboard)) {
      const started = Date.now();
      spec.env = { ...spec.env, ...opts.env?.[spec.name] };
      components.set(spec.name, await startComponent(spec));
      log(`${spec.name} ready on port ${spec.port} (${Date.now() - started} ms)`);
      opts.signal?.throwIfAborted();
    }
    const demo =
      opts.seed === false ? null : await loadOrSeed(opts.dataDir, `http://127.0.0.1:${ports.pds}`, log);
    opts.signal?.throwIfAborted();
    if (demo) {
      await waitForJetstream(`http://127.0.0.1:${ports.jetstream}`, demo, opts.signal);
      log("demo data visible through Jetstream");
    }
    const plcUrl = `http://localhost:${ports.plc}`;
    const pdsUrl = `http://localhost:${ports.pds}`;
    const jetstreamUrl = `ws://localhost:${ports.jetstream}/subscribe`;
    const workerUrl = `http://localhost:${ports.worker}`;
    return {
      urls: [
        { name: "PLC", url: plcUrl },
        { name: "PDS", url: pdsUrl },
        { name: "Jetstream", url: jetstreamUrl },
        ...(withWorker ? [{ name: "Worker", url: workerUrl }] : []),
        // 127.0.0.1: the dashboard's loopback OAuth client works there only.
        ...(withDashboard ? [{ name: "Dashboard", url: `http://127.0.0.1:${ports.dashboard}` }] : []),
      ],
      plcUrl,
      pdsUrl,
      jetstreamUrl,
      mailOutboxDir: path.join(opts.dataDir, "pds", "mail-outbox"),
      demo,
      components,
      restart,
      stop,
    };
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}

async function loadOrSeed(dataDir: string, pdsUrl: string, log: (l: string) => void): Promise<DemoData> {
  const file = path.join(dataDir, "demo-data.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as DemoData;
  log("seeding demo data");
  const demo = await seedDemoData(pdsUrl);
  writeFileSync(file, JSON.stringify(demo, null, 2));
  return demo;
}

// Ready means consumers can already discover the demo community through Jetstream.
async function waitForJetstream(jetstreamUrl: string, demo: DemoData, signal?: AbortSignal): Promise<void> {
  const owner = demo.community.uri.split("/")[2];
  const url = `${jetstreamUrl}/xrpc/com.atproto.sync.listReposByCollection?collection=net.atrarium.community.config`;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      const body = (await res.json()) as { repos?: { did: string }[] };
      if (body.repos?.some((r) => r.did === owner)) return;
    } catch {
      // Not answering yet; try again below.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("Jetstream did not show the demo data in time");
}
