// Types of the workers project: `cloudflare:test` (the plugin), its `env` as the Worker's Env, and
// what the globalSetup provides.
/// <reference types="@cloudflare/vitest-plugin/types" />
import type { Env as AtrariumEnv } from "../../src/env.ts";

declare global {
  namespace Cloudflare {
    interface Env extends AtrariumEnv {}
  }
}

declare module "vitest" {
  export interface ProvidedContext {
    // host:port of the Jetstream started by jetstream-peer.ts.
    jetstreamPeer: string;
  }
}
