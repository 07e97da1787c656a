// The `workers` project: the Worker's Durable Objects tested inside workerd (@cloudflare/vitest-plugin)
// with the bindings of wrangler.jsonc. The receiver talks to the small Jetstream of the globalSetup.
// The Worker runs from a test entry whose ingest fails for one DID (test/support/faulty-worker.ts),
// so retries and dead letters can be watched.
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [
    cloudflareTest(({ inject }) => ({
      main: "./test/support/faulty-worker.ts",
      wrangler: { configPath: "./wrangler.jsonc" },
      miniflare: {
        bindings: { JETSTREAM_URL: `ws://${inject("jetstreamPeer")}` },
      },
    })),
  ],
  test: {
    name: "workers",
    include: ["test/workers/**/*.test.ts"],
    globalSetup: ["test/workers/jetstream-peer.ts"],
    testTimeout: 15_000,
    // One file at a time: files that call the Worker over HTTP (SELF.fetch) start its Jetstream
    // receiver, which subscribes to the same peer the receiver tests count subscriptions on.
    fileParallelism: false,
  },
});
