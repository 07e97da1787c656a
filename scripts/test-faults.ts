// `npm run test:faults`: the fault/fuzz/attack suite at full size (docs/security-and-reliability.md).
// The same test files `npm test` runs with a few hundred cases per fuzz family, here with FUZZ_RUNS
// (10,000 unless set) cases each. Extra arguments go to Vitest (e.g. `--project destructive`).
import { spawnSync } from "node:child_process";
import path from "node:path";

// Path filters of the suite's test files (Vitest runs every file whose path contains one).
const SUITE_FILTERS = ["fuzz"];

const root = path.resolve(import.meta.dirname, "..");
const res = spawnSync("node", ["scripts/test.ts", ...SUITE_FILTERS, ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, FUZZ_RUNS: process.env.FUZZ_RUNS ?? "10000" },
});
process.exit(res.status ?? 1);
