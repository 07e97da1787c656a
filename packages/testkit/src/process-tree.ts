// Test helpers for whole-stack process tests: free loopback ports to run a second devnet beside a
// developer's, and the descendants of a process (from /proc), to assert none outlives a stop.
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";

// Ports below Linux's ephemeral range (32768+): a port the kernel hands out for port 0 is also handed
// to outgoing connections, and one may take it between our check and the component binding it.
export async function freePorts(n: number): Promise<number[]> {
  const ports: number[] = [];
  for (let tries = 0; ports.length < n && tries < 200; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!ports.includes(port) && (await canBind(port))) ports.push(port);
  }
  if (ports.length < n) throw new Error(`found only ${ports.length} free ports of ${n}`);
  return ports;
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

// Every live process whose ancestry includes `rootPid`, detached process groups included.
export function descendants(rootPid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name may contain spaces and parentheses: the fields after the last ')' are fixed.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] !== "Z") parentOf.set(Number(entry), Number(fields[1]));
    } catch {
      // It exited while we were looking.
    }
  }
  const out: number[] = [];
  for (const pid of parentOf.keys()) {
    let p = parentOf.get(pid);
    for (let depth = 0; p !== undefined && p > 1 && depth < 64; depth++) {
      if (p === rootPid) {
        out.push(pid);
        break;
      }
      p = parentOf.get(p);
    }
  }
  return out;
}

export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}
