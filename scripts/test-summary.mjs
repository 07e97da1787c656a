// Reads Vitest's JSON report and prints the one counts line CI reads: "N passed, N failed".
// A test file that failed to load has no assertions, so it counts as one failure on its own.
import { existsSync, readFileSync } from "node:fs";

export function summarize(reportPath) {
  if (!existsSync(reportPath)) return { passed: 0, failed: 1, note: `no report at ${reportPath}` };
  const report = JSON.parse(readFileSync(reportPath, "utf8"));
  let passed = 0;
  let failed = 0;
  for (const file of report.testResults ?? []) {
    const results = file.assertionResults ?? [];
    passed += results.filter((r) => r.status === "passed").length;
    const failedHere = results.filter((r) => r.status === "failed").length;
    failed += failedHere;
    if (file.status === "failed" && failedHere === 0) failed += 1;
  }
  return { passed, failed };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { passed, failed, note } = summarize(process.argv[2] ?? ".artifacts/vitest-report.json");
  if (note) process.stderr.write(`${note}\n`);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
}
