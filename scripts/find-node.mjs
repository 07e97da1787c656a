// Which Node 24 runs the project: the one npm installed from the registry for this platform (optional
// dependency `node-<platform>-<arch>`), else the Node running this script when it is already 24 or
// newer, else none, with one sentence saying what to do.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const MIN_MAJOR = 24;

function major(version) {
  return Number(/^v(\d+)\./.exec(version ?? "")?.[1] ?? 0);
}

export function findNode24(root) {
  const pkg = `node-${process.platform === "win32" ? "win" : process.platform}-${process.arch}`;
  const bundled = path.join(
    root,
    "node_modules",
    pkg,
    "bin",
    process.platform === "win32" ? "node.exe" : "node",
  );
  if (existsSync(bundled)) {
    const res = spawnSync(bundled, ["--version"], { encoding: "utf8" });
    if (res.status === 0 && major(res.stdout.trim()) >= MIN_MAJOR) return { path: bundled };
    return {
      problem: `${bundled} does not run (${res.error?.message ?? res.stderr?.trim()}); reinstall with npm ci`,
    };
  }
  if (major(process.version) >= MIN_MAJOR) return { path: process.execPath };
  return {
    problem:
      `this project needs Node ${MIN_MAJOR} or newer: the npm registry has no Node ${MIN_MAJOR} package for ` +
      `${process.platform}-${process.arch} and this machine runs Node ${process.version}; install Node ${MIN_MAJOR} ` +
      "(https://nodejs.org) and run the command again",
  };
}
