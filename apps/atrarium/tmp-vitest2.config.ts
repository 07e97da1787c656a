import { defineConfig } from "vitest/config";
export default defineConfig({
  test: {
    include: ["apps/atrarium/test/*.destructive.test.ts"],
    fileParallelism: false,
    testTimeout: 60000,
    hookTimeout: 90000,
  },
});
