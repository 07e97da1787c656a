#!/usr/bin/env node
// Finds the Chromium (or Chrome) the browser end-to-end tests drive: CHROME_PATH, else a browser on
// PATH. Only on a Debian machine where we are root (CI) does it install Debian's `chromium`, the CJK
// fonts the Japanese dashboard needs and the colour emoji of its badges; anywhere else a missing
// browser is reported with how to get one, so the browser tests are never skipped silently. Plain
// JavaScript that runs on the machine's Node 20.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const BROWSERS = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];
const DEBIAN_PACKAGES = ["chromium", "fonts-noto-cjk", "fonts-noto-color-emoji"];
const HOW_TO =
  "install Chromium or Chrome (Debian/Ubuntu: apt-get install chromium fonts-noto-cjk " +
  "fonts-noto-color-emoji; macOS: install Google Chrome) or point CHROME_PATH at one, then run the " +
  "command again";

function log(msg) {
  process.stderr.write(`[bootstrap] ${msg}\n`);
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function findBrowser() {
  for (const name of BROWSERS) {
    const found = onPath(name);
    if (found) return found;
  }
  const mac = "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome";
  return existsSync(mac) ? mac : undefined;
}

function debianInstalled(pkg) {
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

function isRootOnDebian() {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  return isRoot && existsSync("/etc/debian_version") && onPath("apt-get") !== undefined;
}

// Returns { path } of a browser to drive, or { problem } saying what is missing and how to fix it.
export function ensureChromium() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    return existsSync(fromEnv)
      ? { path: fromEnv }
      : { problem: `CHROME_PATH=${fromEnv} does not exist; ${HOW_TO}` };
  }
  if (isRootOnDebian()) {
    const missing = DEBIAN_PACKAGES.filter((p) => !debianInstalled(p));
    if (missing.length > 0) {
      log(`installing ${missing.join(", ")} with apt-get (browser tests)`);
      const ok =
        run("apt-get", ["update"]) &&
        run("apt-get", ["install", "-y", "--no-install-recommends", ...missing]);
      if (!ok) return { problem: `apt-get could not install ${missing.join(", ")}; ${HOW_TO}` };
    }
  }
  const found = findBrowser();
  return found
    ? { path: found }
    : { problem: `no Chromium or Chrome found for the browser tests; ${HOW_TO}` };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const res = ensureChromium();
  if (res.problem) {
    log(res.problem);
    process.exit(1);
  }
  process.stdout.write(`${res.path}\n`);
}
