// Bindings and vars of the dashboard API, sync and rebuild (merged into Env in env.ts). Numeric vars
// are strings in wrangler.jsonc; `numberVar` applies the documented default when one is unset.
import type { RequestGuard } from "../guard/request-guard.ts";
import type { CommunitySync } from "../sync/community-sync.ts";
import type { NetworkSync } from "../sync/network-sync.ts";

export interface ApiBindings {
  REQUEST_GUARD: DurableObjectNamespace<RequestGuard>;
  COMMUNITY_SYNC: DurableObjectNamespace<CommunitySync>;
  NETWORK_SYNC: DurableObjectNamespace<NetworkSync>;
  // PLC directory for did:plc documents.
  PLC_URL: string;
  // Serves com.atproto.sync.listReposByCollection; defaults to JETSTREAM_URL over http(s).
  RELAY_URL?: string;
  // Comma-separated origins allowed by CORS (the dashboard), or "*".
  ALLOWED_ORIGINS?: string;
  API_RATE_LIMIT?: string;
  // Signed-in API calls per client IP and API window, whatever DIDs they come as.
  API_IP_RATE_LIMIT?: string;
  API_RATE_WINDOW_SECONDS?: string;
  // Reads of a community's rebuild status, per IP and per community, per API window.
  REBUILD_RATE_LIMIT?: string;
  FEED_RATE_LIMIT?: string;
  FEED_RATE_WINDOW_SECONDS?: string;
  STALE_SECONDS?: string;
  REFRESH_SECONDS?: string;
  SYNC_RETRY_MAX_SECONDS?: string;
  // Bearer token for GET /metrics (a Worker secret); /metrics answers 404 while it is unset.
  METRICS_TOKEN?: string;
}

export const DEFAULTS = {
  API_RATE_LIMIT: 1000,
  API_IP_RATE_LIMIT: 10000,
  API_RATE_WINDOW_SECONDS: 3600,
  REBUILD_RATE_LIMIT: 60,
  FEED_RATE_LIMIT: 100,
  FEED_RATE_WINDOW_SECONDS: 3600,
  STALE_SECONDS: 60,
  REFRESH_SECONDS: 300,
  SYNC_RETRY_MAX_SECONDS: 300,
} as const;

export function numberVar(env: ApiBindings, name: keyof typeof DEFAULTS): number {
  const raw = env[name];
  const value = raw === undefined || raw === "" ? Number.NaN : Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : DEFAULTS[name];
}

export function relayUrl(env: ApiBindings & { JETSTREAM_URL: string }): string {
  const base = env.RELAY_URL || env.JETSTREAM_URL.replace(/^ws(s?):/, "http$1:");
  return new URL(base).origin;
}
