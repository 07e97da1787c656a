// The `workers` project: the Worker's Durable Objects tested inside workerd (@cloudflare/vitest-plugin)
// with the bindings of wrangler.jsonc. The receiver talks to the small Jetstream of the globalSetup.
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Events from this DID fail every attempt in the queue consumer (see FAIL_EVENTS_FROM_DID in env.ts).
const POISONED_DID = "did:plc:poisonedpoisonedpoison";

export default defineConfig({
  plugins: [
    cloudflareTest(({ inject }) => ({
      wrangler: { configPath: "./wrangler.jsonc" },
      miniflare: {
        bindings: {
          JETSTREAM_URL: `ws://${inject("jetstreamPeer")}`,
          FAIL_EVENTS_FROM_DID: POISONED_DID,
        },
      },
    })),
  ],
  test: {
    name: "workers",
    include: ["test/workers/**/*.test.ts"],
    globalSetup: ["test/workers/jetstream-peer.ts"],
    testTimeout: 15_000,
  },
});
