#!/usr/bin/env node
// Entry point of every root npm script. It runs on whatever Node the machine has (Node 20 on a fresh
// machine): it installs the locked dependencies, which include Node 24 itself for the platforms the
// npm registry has a build of (optional `node-<platform>-<arch>` packages; npm installs only the
// matching one), then runs the real task on that Node 24 with the project's binaries on PATH. Where no
// such package exists (e.g. Apple silicon) a system Node 24 serves. Plain JavaScript on purpose: Node 20
// cannot run our TypeScript.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureChromium } from "./ensure-chromium.mjs";
import { findNode24 } from "./find-node.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const binDir = path.join(root, "node_modules", ".bin");

const tasks = {
  start: ["node", ["packages/devnet/src/bin.ts"]],
  test: ["node", ["scripts/test.ts"]],
  // The fault/fuzz/attack suite at full size (docs/security-and-reliability.md).
  "test:faults": ["node", ["scripts/test-faults.ts"]],
  lint: ["biome", ["check", "."]],
  format: ["biome", ["check", "--write", "."]],
  // Node-side code, the Worker (workerd types clash with Node's), the dashboard and the PDS admin UI
  // (DOM types; their build and static server are Node code with their own config).
  typecheck: [
    "sh",
    [
      "-c",
      "tsc --noEmit -p tsconfig.json && tsc --noEmit -p apps/atrarium/tsconfig.json" +
        " && tsc --noEmit -p apps/atrarium/tsconfig.test.json && tsc --noEmit -p apps/atrarium/test/workers/tsconfig.json && tsc --noEmit -p apps/dashboard/tsconfig.json && tsc --noEmit -p apps/dashboard/tsconfig.node.json" +
        " && tsc --noEmit -p apps/pds-admin/tsconfig.json && tsc --noEmit -p apps/pds-admin/tsconfig.node.json",
    ],
  ],
  bench: ["node", ["bench/run.ts"]],
  // The PDS alone, or its operator commands: `npm run pds -- backup <dir>` (see docs/operations.md).
  pds: ["node", ["packages/pds/src/bin.ts"]],
};

function log(msg) {
  process.stderr.write(`[bootstrap] ${msg}\n`);
}

// npm writes node_modules/.package-lock.json on every install; if it is older than the lockfile, the
// lockfile changed (a pull) and the tree must be re-installed.
function installIsCurrent() {
  const hidden = path.join(root, "node_modules", ".package-lock.json");
  if (!existsSync(hidden)) return false;
  return statSync(hidden).mtimeMs >= statSync(path.join(root, "package-lock.json")).mtimeMs;
}

function ensureInstalled() {
  if (installIsCurrent()) return;
  log("installing locked dependencies (npm ci), including Node 24 from the npm registry");
  const res = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (res.status !== 0) {
    log(`npm ci failed with exit code ${res.status}`);
    process.exit(res.status ?? 1);
  }
}

// Browser tests live in the shared and destructive projects; a run of other projects alone (e.g.
// `npm test -- --project unit`) needs no browser.
function mayRunBrowserTests(args) {
  const projects = args.flatMap((a, i) =>
    a === "--project" ? [args[i + 1]] : a.startsWith("--project=") ? [a.slice(10)] : [],
  );
  return projects.length === 0 || projects.some((p) => p === "shared" || p === "destructive");
}

function main() {
  const [taskName, ...extra] = process.argv.slice(2);
  const task = tasks[taskName];
  if (!task) {
    log(`unknown task "${taskName}"; one of: ${Object.keys(tasks).join(", ")}`);
    process.exit(2);
  }
  ensureInstalled();
  const node = findNode24(root);
  if (!node.path) {
    log(node.problem);
    process.exit(1);
  }
  const env = { ...process.env };
  // The browser tests need a Chromium; without one the run stops here rather than skipping them.
  if (taskName === "test" && mayRunBrowserTests(extra)) {
    const chromium = ensureChromium();
    if (!chromium.path) {
      log(chromium.problem);
      process.exit(1);
    }
    env.CHROME_PATH = chromium.path;
  }
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  const [cmd, args] = task;
  env.PATH = [path.dirname(node.path), binDir, process.env.PATH].join(path.delimiter);
  env.npm_package_name = pkg.name;
  const child = spawn(cmd, [...args, ...extra], { cwd: root, env, stdio: "inherit" });
  // Forward termination so `npm start` stops the whole stack on Ctrl-C / SIGTERM.
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => child.kill(sig));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main();
