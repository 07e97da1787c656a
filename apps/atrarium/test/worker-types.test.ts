// The Worker's `Env` comes from `wrangler types` (worker-configuration.d.ts): it must be regenerated
// whenever wrangler.jsonc changes (`npm run types -w @atrarium/worker`). It runs wrangler (a few
// seconds), so it is not in the unit lane.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const workerDir = path.resolve(import.meta.dirname, "..");
const wrangler = path.join(
  path.dirname(createRequire(import.meta.url).resolve("wrangler/package.json")),
  "bin/wrangler.js",
);

it("worker-configuration.d.ts is current with wrangler.jsonc", async () => {
  const scripts = JSON.parse(readFileSync(path.join(workerDir, "package.json"), "utf8")).scripts;
  const [command, ...args] = (scripts["types:check"] as string).split(/\s+/);
  expect(command).toBe("wrangler");
  const run = promisify(execFile)(process.execPath, [wrangler, ...args], {
    cwd: workerDir,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    timeout: 30_000,
  });
  await expect(run, "run `npm run types -w @atrarium/worker`").resolves.toMatchObject({
    stdout: expect.stringContaining("up to date"),
  });
}, 40_000);
