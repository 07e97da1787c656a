import { defineConfig } from "vitest/config";
export default defineConfig({
  test: {
    include: ["apps/atrarium/test/feed-scenarios.test.ts"],
    globalSetup: ["apps/atrarium/tmp-global-setup.ts"],
    testTimeout: 30000,
    hookTimeout: 60000,
  },
});
