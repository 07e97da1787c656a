#!/usr/bin/env node
// Makes sure Debian's Chromium (and the CJK fonts the Japanese dashboard needs) is installed for the
// browser end-to-end tests. Idempotent: nothing happens when it is already there. Plain JavaScript
// that runs on the machine's Node 20, before our own Node 24 is involved.
// It never fails the run by itself: when apt is unavailable (not root, not Debian) it says what is
// missing and the browser tests report the problem themselves.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export const CHROMIUM_PATH = "/usr/bin/chromium";
const PACKAGES = ["chromium", "fonts-noto-cjk"];

function log(msg) {
  process.stderr.write(`[bootstrap] ${msg}\n`);
}

function installed(pkg) {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax
  const res = spawnSync("dpkg-query", ["-W", "-f=${Status}", pkg], { encoding: "utf8" });
  return res.status === 0 && res.stdout.includes("install ok installed");
}

function run(cmd, args) {
  const res = spawnSync(cmd, args, {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  return res.status === 0;
}

export function ensureChromium() {
  const hasDpkg = spawnSync("dpkg-query", ["--version"], { stdio: "ignore" }).status === 0;
  if (!hasDpkg) {
    if (!existsSync(CHROMIUM_PATH)) log(`no dpkg here and no ${CHROMIUM_PATH}: browser tests will fail`);
    return;
  }
  const missing = PACKAGES.filter((p) => !installed(p));
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    log(
      `missing ${missing.join(", ")}; run: apt-get install -y --no-install-recommends ${missing.join(" ")}`,
    );
    return;
  }
  log(`installing ${missing.join(", ")} with apt-get (browser tests)`);
  const ok =
    run("apt-get", ["update"]) && run("apt-get", ["install", "-y", "--no-install-recommends", ...missing]);
  if (!ok) log(`apt-get could not install ${missing.join(", ")}`);
}

if (import.meta.url === `file://${process.argv[1]}`) ensureChromium();
