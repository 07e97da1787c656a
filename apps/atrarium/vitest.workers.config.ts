// The `workers` project: the Worker's Durable Objects tested inside workerd (@cloudflare/vitest-plugin)
// with the bindings of wrangler.jsonc. The receiver talks to the small Jetstream of the globalSetup.
// The Worker runs from a test entry whose ingest fails for one DID (test/support/faulty-worker.ts),
// so retries and dead letters can be watched.
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// The receiver's own tests count the subscriptions their Jetstream peer sees, so they get a peer of
// their own (vitest.receiver.config.ts): any file calling the Worker over HTTP (SELF.fetch) starts its
// receiver, which would subscribe to a shared peer too.
export const RECEIVER_TESTS = "test/workers/firehose-receiver.test.ts";

export function workersProject(name: string, include: string[], exclude: string[] = []) {
  return defineConfig({
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
      name,
      include,
      exclude,
      globalSetup: ["test/workers/jetstream-peer.ts"],
      testTimeout: 15_000,
      // One file at a time: a file's receiver must not outlive it into the next one's counts.
      fileParallelism: false,
    },
  });
}

export default workersProject("workers", ["test/workers/**/*.test.ts"], [RECEIVER_TESTS]);
