// The local network as processes: PLC directory and Aurora Locus PDS (Jetstream, the Atrarium Worker
// and the dashboard join as they land), fixed ports so persisted DID documents stay valid, one data
// directory, demo data on first run.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type DemoData, seedDemoData } from "./demo-data.ts";
import { type RunningComponent, startComponent } from "./supervisor.ts";

export interface DevnetOptions {
  dataDir: string;
  fresh?: boolean;
  plcPort?: number;
  pdsPort?: number;
  onProgress?: (line: string) => void;
}

export interface Devnet {
  urls: { name: string; url: string }[];
  plcUrl: string;
  pdsUrl: string;
  demo: DemoData;
  stop: () => Promise<void>;
}

const repoRoot = path.resolve(import.meta.dirname, "../../..");

export async function startDevnet(opts: DevnetOptions): Promise<Devnet> {
  const log = opts.onProgress ?? (() => {});
  if (opts.fresh) rmSync(opts.dataDir, { recursive: true, force: true });
  mkdirSync(opts.dataDir, { recursive: true });
  const plcPort = opts.plcPort ?? 2582;
  const pdsPort = opts.pdsPort ?? 2583;
  const plcUrl = `http://localhost:${plcPort}`;
  const pdsUrl = `http://localhost:${pdsPort}`;
  const running: RunningComponent[] = [];
  const stop = async () => {
    for (const c of running.reverse()) await c.stop();
  };
  try {
    log("starting PLC directory");
    running.push(
      await startComponent({
        name: "PLC",
        command: process.execPath,
        args: [path.join(repoRoot, "packages/plc/src/bin.ts")],
        env: { PLC_PORT: String(plcPort), PLC_DATA_DIR: path.join(opts.dataDir, "plc") },
        port: plcPort,
        healthUrl: `http://127.0.0.1:${plcPort}/_health`,
      }),
    );
    log("starting Aurora Locus PDS");
    running.push(
      await startComponent({
        name: "PDS",
        command: process.execPath,
        args: [path.join(repoRoot, "packages/pds/src/bin.ts")],
        env: {
          PDS_PORT: String(pdsPort),
          PDS_HOSTNAME: "localhost",
          PDS_DATA_DIRECTORY: path.join(opts.dataDir, "pds"),
          PDS_DID_PLC_URL: `http://127.0.0.1:${plcPort}`,
          PDS_LOG_LEVEL: "warn",
        },
        port: pdsPort,
        healthUrl: `http://127.0.0.1:${pdsPort}/xrpc/_health`,
      }),
    );
    const demo = await loadOrSeed(opts.dataDir, `http://127.0.0.1:${pdsPort}`, log);
    return {
      urls: [
        { name: "PLC", url: plcUrl },
        { name: "PDS", url: pdsUrl },
      ],
      plcUrl,
      pdsUrl,
      demo,
      stop,
    };
  } catch (err) {
    await stop();
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
