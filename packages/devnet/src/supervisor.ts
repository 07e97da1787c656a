// Starts components as detached child processes (each its own process group) and stops them by
// signalling the whole group, then checks the port is really closed: killing a wrapper alone can
// leave its children (e.g. wrangler's workerd) running.
import { type ChildProcess, spawn } from "node:child_process";
import { createConnection } from "node:net";

export interface ComponentSpec {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  port: number;
  healthUrl: string;
  cwd?: string;
}

export interface RunningComponent {
  spec: ComponentSpec;
  child: ChildProcess;
  // SIGTERM to the group (SIGKILL after 5 s), then the port must close.
  stop: () => Promise<void>;
  // SIGKILL to the group at once (a crash), then the port must close.
  kill: () => Promise<void>;
}

export async function startComponent(spec: ComponentSpec, timeoutMs = 30_000): Promise<RunningComponent> {
  if (await portOpen(spec.port)) throw new Error(`${spec.name}: port ${spec.port} is already in use`);
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const keep = (d: Buffer) => {
    output.push(d.toString());
    if (output.length > 50) output.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (!(await healthy(spec.healthUrl))) {
    if (exited || Date.now() > deadline) {
      killGroup(child, "SIGKILL");
      throw new Error(
        `${spec.name} did not become ready (${exited ? "exited" : "timed out"}):\n${output.join("")}`,
      );
    }
    await sleep(100);
  }
  return {
    spec,
    child,
    stop: () => stopGroup(spec, child),
    kill: () => {
      killGroup(child, "SIGKILL");
      return stopGroup(spec, child);
    },
  };
}

async function stopGroup(spec: ComponentSpec, child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once("exit", r));
    killGroup(child, "SIGTERM");
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
    // The leader may be a wrapper (npm) that exits before the app it ran has shut down cleanly.
    const graceEnd = Date.now() + 5000;
    while (groupAlive(child) && Date.now() < graceEnd) await sleep(50);
  }
  // Make sure nothing in the group survives.
  killGroup(child, "SIGKILL");
  const deadline = Date.now() + 5000;
  while (await portOpen(spec.port)) {
    if (Date.now() > deadline) throw new Error(`${spec.name}: port ${spec.port} still open after stop`);
    await sleep(50);
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

function groupAlive(child: ChildProcess): boolean {
  if (child.pid === undefined) return false;
  try {
    process.kill(-child.pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

export function portOpen(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
