// Builds the dashboard (vite build, ~1-2 s) when dist/ is missing or older than any of its sources, so
// `npm start` and the browser tests always serve the current code. Concurrent callers (test files in
// parallel) serialise on a lock directory and the build lands in dist/ with a rename.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";

export const dashboardRoot = path.resolve(import.meta.dirname, "..");
export const dashboardDist = path.join(dashboardRoot, "dist");
const repoRoot = path.resolve(dashboardRoot, "../..");
const lockDir = path.join(dashboardRoot, ".build-lock");
const SOURCES = [
  path.join(dashboardRoot, "src"),
  path.join(dashboardRoot, "public"),
  path.join(dashboardRoot, "index.html"),
  path.join(dashboardRoot, "vite.config.ts"),
  path.join(dashboardRoot, "package.json"),
  path.join(repoRoot, "packages/lexicon/src"),
  path.join(repoRoot, "package-lock.json"),
];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

export function dashboardBuildIsCurrent(): boolean {
  const index = path.join(dashboardDist, "index.html");
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  return SOURCES.every((s) => newestMtime(s) <= built);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withLock<T>(fn: () => T): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      // A lock left by a killed build is older than any real build takes.
      const age = existsSync(lockDir) ? Date.now() - statSync(lockDir).mtimeMs : 0;
      if (age > 120_000) rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`dashboard build lock ${lockDir} held too long`);
      await sleep(200);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

// Returns whether it built (false: dist was current).
export async function ensureDashboardBuilt(): Promise<boolean> {
  if (dashboardBuildIsCurrent()) return false;
  return withLock(() => {
    if (dashboardBuildIsCurrent()) return false;
    const tmp = path.join(dashboardRoot, `dist.tmp-${process.pid}`);
    const vite = path.join(repoRoot, "node_modules/.bin/vite");
    const res = spawnSync(vite, ["build", "--outDir", tmp, "--emptyOutDir", "--logLevel", "warn"], {
      cwd: dashboardRoot,
      encoding: "utf8",
    });
    if (res.status !== 0) {
      rmSync(tmp, { recursive: true, force: true });
      throw new Error(`dashboard build failed:\n${res.stdout}${res.stderr}${res.error?.message ?? ""}`);
    }
    const old = path.join(dashboardRoot, `dist.old-${process.pid}`);
    if (existsSync(dashboardDist)) renameSync(dashboardDist, old);
    renameSync(tmp, dashboardDist);
    rmSync(old, { recursive: true, force: true });
    return true;
  });
}
