// One headless Chromium per test file, driven by playwright-core, with one page at a time
// (~360 MB each on a 2-core machine). Chromium may only reach loopback: every other host name fails
// to resolve, so a stray request to the internet fails fast instead of hanging.
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

// `npm test` finds (or on a root Debian machine installs) the browser and passes it as CHROME_PATH.
export const CHROMIUM = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const repoRoot = path.resolve(import.meta.dirname, "../..");
export const screenshotRoot = path.join(repoRoot, ".artifacts/screenshots");

export interface LaunchOptions {
  // Host names Chromium resolves to a loopback address (e.g. { "atrarium.internal": "127.0.0.1" }), ahead of
  // the rule that makes every other name fail: a test's TLS host name stands for a public one.
  hosts?: Record<string, string>;
  // More Chromium switches, e.g. --ignore-certificate-errors-spki-list=<hash> to trust a test certificate.
  args?: string[];
}

export async function launchBrowser(opts: LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: set CHROME_PATH, or run node scripts/ensure-chromium.mjs`);
  // The first matching rule wins: the named hosts before the catch-all.
  const mapped = Object.entries(opts.hosts ?? {}).map(([host, ip]) => `MAP ${host} ${ip}, `);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      `--host-resolver-rules=${mapped.join("")}MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost`,
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      ...(opts.args ?? []),
    ],
  });
}

export interface UserPage {
  context: BrowserContext;
  page: Page;
  // Page errors and failed requests, for a useful failure message.
  problems: string[];
  close: () => Promise<void>;
}

export async function openPage(
  browser: Browser,
  opts: { locale?: string; viewport?: { width: number; height: number } } = {},
): Promise<UserPage> {
  const context = await browser.newContext({
    locale: opts.locale ?? "en-US",
    viewport: opts.viewport ?? { width: 1100, height: 900 },
    permissions: [],
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} ${res.request().method()} ${res.url()}`);
  });
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console: ${msg.text()}`);
  });
  return { context, page, problems, close: () => context.close() };
}

// Screenshots per test file under .artifacts/screenshots/<suite>/NN-step.png (git-ignored).
export function screenshots(suite: string) {
  const dir = path.join(screenshotRoot, suite);
  // Only this run's pictures: a step that no longer exists must not leave an old one behind.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return async (page: Page, step: string): Promise<string> => {
    n += 1;
    const file = path.join(dir, `${String(n).padStart(2, "0")}-${step}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };
}
