// Types of the workers project: `cloudflare:test` (the plugin; its `env` is the `Cloudflare.Env` that
// `wrangler types` generates, ../../worker-configuration.d.ts) and what the globalSetup provides.
/// <reference types="@cloudflare/vitest-plugin/types" />

declare module "vitest" {
  export interface ProvidedContext {
    // host:port of the Jetstream started by jetstream-peer.ts.
    jetstreamPeer: string;
  }
}

export {};
