// Runs our PDS as its own process (so the load generator does not share its event loop) against an
// in-process PLC, and reports the PDS process's resident memory from /proc.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createPlcServer } from "@atrarium/plc";

export interface PdsUnderTest {
  url: string;
  rssBytes: () => number;
  stop: () => Promise<void>;
}

const root = path.resolve(import.meta.dirname, "..");

export async function startPdsProcess(port: number): Promise<PdsUnderTest> {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-pds-"));
  const plc = await createPlcServer({ dbPath: path.join(dir, "plc.sqlite"), port: 0, host: "127.0.0.1" });
  const child: ChildProcess = spawn(process.execPath, [path.join(root, "packages/pds/src/bin.ts")], {
    env: {
      ...process.env,
      PDS_PORT: String(port),
      PDS_DATA_DIRECTORY: path.join(dir, "pds"),
      PDS_DID_PLC_URL: plc.url,
      PDS_LOG_LEVEL: "warn",
      PDS_INVITE_REQUIRED: "false",
      // The bench writes far past the per-account write budget (5,000 points an hour).
      PDS_RATE_LIMITS_ENABLED: "false",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
      if (d.toString().includes("listening")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`PDS exited early with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    rssBytes: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    },
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      await plc.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
