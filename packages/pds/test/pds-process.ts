// Destructive tests run the PDS as its own process (bin.ts), so they can SIGKILL it, restart it on the
// same data directory and port, and read its resident memory from /proc. The PLC runs in the test
// process. The PDS is spawned detached and killed by process group, so nothing it starts outlives it.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createPlcServer, type PlcServer } from "@atrarium/plc";

const binPath = path.resolve(import.meta.dirname, "../src/bin.ts");

export interface PdsProcess {
  url: string;
  plcUrl: string;
  dataDir: string;
  // Every stdout/stderr line of every run (pino JSON at PDS_LOG_LEVEL).
  logs: string[];
  pid: () => number;
  rssBytes: () => number;
  start: () => Promise<void>;
  kill: (signal?: NodeJS.Signals) => Promise<void>;
  // Stops the PDS (SIGTERM), the PLC, and removes the data directory.
  destroy: () => Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startPdsProcess(env: Record<string, string> = {}): Promise<PdsProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "pds-destructive-"));
  const plc: PlcServer = await createPlcServer({
    dbPath: path.join(dataDir, "plc.sqlite"),
    port: 0,
    host: "127.0.0.1",
  });
  // One port for every run: the DID documents registered on the first run name it.
  const port = await freePort();
  const logs: string[] = [];
  let child: ChildProcess | null = null;

  const start = async () => {
    const proc = spawn(process.execPath, [binPath], {
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        PDS_PORT: String(port),
        PDS_BIND_HOST: "127.0.0.1",
        PDS_DATA_DIRECTORY: path.join(dataDir, "pds"),
        PDS_DID_PLC_URL: plc.url,
        PDS_LOG_LEVEL: "warn",
        PDS_INVITE_REQUIRED: "false",
        PDS_RATE_LIMITS_ENABLED: "false",
        ...env,
      },
    });
    child = proc;
    const onData = (d: Buffer) => logs.push(...d.toString().split("\n").filter(Boolean));
    proc.stderr?.on("data", onData);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("PDS did not start within 30 s")), 30_000);
      proc.stdout?.on("data", (d: Buffer) => {
        onData(d);
        if (d.toString().includes("listening")) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`PDS exited early (${code ?? signal}): ${logs.slice(-5).join("\n")}`));
      });
    });
  };

  const kill = async (signal: NodeJS.Signals = "SIGKILL") => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once("exit", resolve));
    try {
      process.kill(-(proc.pid as number), signal);
    } catch {
      // Already gone.
    }
    await exited;
    child = null;
  };

  await start();
  return {
    url: `http://127.0.0.1:${port}`,
    plcUrl: plc.url,
    dataDir,
    logs,
    pid: () => child?.pid ?? 0,
    rssBytes: () => {
      const status = readFileSync(`/proc/${child?.pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    },
    start,
    kill,
    destroy: async () => {
      await kill("SIGTERM");
      await plc.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
