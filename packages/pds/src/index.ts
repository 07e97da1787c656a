export type { Clock } from "./clock.ts";
export { configFromEnv, type PdsConfig } from "./config.ts";
export type { AppContext } from "./context.ts";
export { createPds, type Pds } from "./server.ts";
