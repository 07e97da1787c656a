// `vite build` of a web app only when its dist/ is missing or older than any of its sources, so
// `npm start` and the browser tests always serve the current code without paying for a build each
// time. Concurrent callers (test files in parallel) serialise on a lock directory next to dist/, and a
// build lands with a rename, so a server reading dist/ never sees half of one.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
// A lock older than this was left by a killed build (a real one takes seconds).
const LOCK_STALE_MS = 120_000;

export interface ViteApp {
  // What error messages call it ("dashboard", "admin UI").
  name: string;
  // The app's directory: vite.config.ts, and dist/ beside it.
  root: string;
  // Files or directories whose change makes the build stale (besides the lockfile).
  sources: string[];
}

export const distOf = (app: ViteApp) => path.join(app.root, "dist");

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

export function viteBuildIsCurrent(app: ViteApp): boolean {
  const index = path.join(distOf(app), "index.html");
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  return [...app.sources, path.join(repoRoot, "package-lock.json")].every((s) => newestMtime(s) <= built);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withLock<T>(app: ViteApp, fn: () => T): Promise<T> {
  const lockDir = path.join(app.root, ".build-lock");
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      const age = existsSync(lockDir) ? Date.now() - statSync(lockDir).mtimeMs : 0;
      if (age > LOCK_STALE_MS) rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`${app.name} build lock ${lockDir} held too long`);
      await sleep(200);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

// Returns whether it built (false: dist/ was current).
export async function ensureViteBuilt(app: ViteApp): Promise<boolean> {
  if (viteBuildIsCurrent(app)) return false;
  return withLock(app, () => {
    if (viteBuildIsCurrent(app)) return false;
    const dist = distOf(app);
    const tmp = path.join(app.root, `dist.tmp-${process.pid}`);
    const vite = path.join(repoRoot, "node_modules/.bin/vite");
    const res = spawnSync(vite, ["build", "--outDir", tmp, "--emptyOutDir", "--logLevel", "warn"], {
      cwd: app.root,
      encoding: "utf8",
      timeout: LOCK_STALE_MS,
    });
    if (res.status !== 0) {
      rmSync(tmp, { recursive: true, force: true });
      throw new Error(`${app.name} build failed:\n${res.stdout}${res.stderr}${res.error?.message ?? ""}`);
    }
    const old = path.join(app.root, `dist.old-${process.pid}`);
    if (existsSync(dist)) renameSync(dist, old);
    renameSync(tmp, dist);
    rmSync(old, { recursive: true, force: true });
    return true;
  });
}
