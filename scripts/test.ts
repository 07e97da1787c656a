// `npm test`: every Vitest project (shared devnet + destructive), with a JSON report that the counts
// line (and CI) is computed from.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { summarize } from "./test-summary.mjs";

const root = path.resolve(import.meta.dirname, "..");
const report = path.join(root, ".artifacts", "vitest-report.json");
mkdirSync(path.dirname(report), { recursive: true });
rmSync(report, { force: true });

const res = spawnSync("vitest", ["run", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, VITEST_JSON_REPORT: report },
});
const { passed, failed } = summarize(report);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(res.status !== 0 ? (res.status ?? 1) : passed === 0 ? 1 : 0);
