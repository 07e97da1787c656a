import { defineConfig } from "vitest/config";

// Two projects: the shared one starts one devnet (PLC + PDS) per run in globalSetup and lets files run
// in parallel; destructive tests (kills, tiny windows) start private stacks and run one file at a time.
export default defineConfig({
  test: {
    reporters: process.env.VITEST_JSON_REPORT ? ["default", "json"] : ["default"],
    outputFile: process.env.VITEST_JSON_REPORT ? { json: process.env.VITEST_JSON_REPORT } : undefined,
    projects: [
      {
        test: {
          name: "shared",
          include: ["packages/*/test/**/*.test.ts", "apps/*/test/**/*.test.ts", "e2e/**/*.test.ts"],
          exclude: ["**/*.destructive.test.ts", "**/node_modules/**"],
          globalSetup: ["packages/devnet/src/test-global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "destructive",
          include: [
            "packages/*/test/**/*.destructive.test.ts",
            "apps/*/test/**/*.destructive.test.ts",
            "e2e/**/*.destructive.test.ts",
          ],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
