import { defineConfig } from "vitest/config";

// Lanes (`npm test -- --project <name>`):
// - unit: pure code (`*.unit.test.ts`), no servers, no global setup: seconds.
// - shared: integration tests against one devnet (PLC + PDS + Jetstream + the Worker under wrangler
//   dev) started once per run in globalSetup; files run in parallel.
// - destructive: kills, tiny windows, private stacks; one file at a time.
// - workers: Durable Object level tests inside workerd (apps/atrarium/vitest.workers.config.ts).
const notNodeModules = "**/node_modules/**";
const everywhere = (suffix: string) => [
  `packages/*/test/**/*${suffix}`,
  `apps/*/test/**/*${suffix}`,
  `e2e/**/*${suffix}`,
];

export default defineConfig({
  test: {
    reporters: process.env.VITEST_JSON_REPORT ? ["default", "json"] : ["default"],
    outputFile: process.env.VITEST_JSON_REPORT ? { json: process.env.VITEST_JSON_REPORT } : undefined,
    projects: [
      {
        test: {
          name: "unit",
          include: everywhere(".unit.test.ts"),
          exclude: [notNodeModules],
          testTimeout: 10_000,
        },
      },
      {
        test: {
          name: "shared",
          include: everywhere(".test.ts"),
          exclude: [
            "**/*.destructive.test.ts",
            "**/*.unit.test.ts",
            "apps/atrarium/test/workers/**",
            notNodeModules,
          ],
          globalSetup: ["packages/devnet/src/test-global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "destructive",
          include: everywhere(".destructive.test.ts"),
          exclude: [notNodeModules],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      // workers: Durable Objects of the Atrarium Worker tested inside workerd (its own config file:
      // the Cloudflare plugin must apply to this project only).
      "apps/atrarium/vitest.workers.config.ts",
      // workers-receiver: the Jetstream receiver's tests, with a Jetstream peer of their own.
      "apps/atrarium/vitest.receiver.config.ts",
    ],
  },
});
