export { configFromEnv, type JetstreamConfig } from "./config.ts";
export type { AccountInfo, CommitInfo, IdentityInfo, JetstreamEvent } from "./events/jetstream-event.ts";
export type { UpstreamStats } from "./ingest/upstream-stats.ts";
export { createJetstream, type Jetstream, type JetstreamStats } from "./server.ts";
