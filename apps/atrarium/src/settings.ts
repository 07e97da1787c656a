// Every var the Worker reads, read and checked once (createServices), with the one table of defaults.
// wrangler.jsonc sets only what names a deployment (its DID, URL, Jetstream, PLC directory, start
// cursor); everything else takes the default below unless a var overrides it (docs/configuration.md).
// A numeric var that is unset, empty or not a non-negative number takes its default, as documented;
// one that was set but unusable is reported once. A deployment without its identity fails loudly.
import type { LifecycleThresholds } from "./lifecycle/lifecycle-rules.ts";
import { type OAuthConfig, readOAuthSettings } from "./oauth/oauth-settings.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

export const NUMBER_DEFAULTS = {
  // Posts older than this leave the community indexes; a rebuild fetches posts within it.
  RETENTION_SECONDS: 604_800,
  // On reconnect the saved Jetstream cursor is rewound this far.
  RECONNECT_REWIND_SECONDS: 5,
  STALE_SECONDS: 60,
  REFRESH_SECONDS: 300,
  SYNC_RETRY_MAX_SECONDS: 300,
  API_RATE_LIMIT: 1000,
  // Signed-in calls per client IP, whatever DIDs they come as (made-up did:webs cost nothing).
  API_IP_RATE_LIMIT: 10_000,
  API_RATE_WINDOW_SECONDS: 3600,
  // Reads of GET /api/communities/:id/rebuild per IP and per community, per API window.
  REBUILD_RATE_LIMIT: 60,
  FEED_RATE_LIMIT: 100,
  FEED_RATE_WINDOW_SECONDS: 3600,
  // Community lifecycle (lifecycle/lifecycle-rules.ts). A theme passing all three PROMOTE_ figures is
  // suggested for promotion; days may be fractional (tests use seconds' worth).
  LIFECYCLE_PROMOTE_MEMBERS: 10,
  LIFECYCLE_PROMOTE_ACTIVE_POSTERS: 5,
  LIFECYCLE_ACTIVE_WINDOW_DAYS: 7,
  LIFECYCLE_PROMOTE_WEEKLY_POSTS: 20,
  // The seed's Dunbar note: past this many members a community is suggested to split into themes.
  LIFECYCLE_GROWTH_WARNING_MEMBERS: 200,
  LIFECYCLE_INACTIVE_DAYS: 30,
  LIFECYCLE_ARCHIVE_DAYS: 90,
  // Communities the cron's lifecycle sweep evaluates per tick (lifecycle/lifecycle-sweep.ts).
  LIFECYCLE_SWEEP_BATCH: 25,
} as const;

export const TEXT_DEFAULTS = {
  PLC_URL: "https://plc.directory",
  // "oldest": everything the Jetstream retains; "now": live only; or a unix-µs cursor.
  START_CURSOR: "now",
  // Comma-separated CORS origins (the dashboard's), or "*".
  ALLOWED_ORIGINS: "*",
  // "true": every API answer is checked against its lexicon output (tests and development).
  VALIDATE_OUTPUTS: "false",
  // Comma-separated DIDs of labelers whose labels hide posts from every feed (labels/); empty: none.
  TRUSTED_LABELERS: "",
  // Comma-separated label values that hide: the protocol's global hide and takedown, spam, porn.
  HIDDEN_LABEL_VALUES: "!hide,!takedown,spam,porn",
} as const;

type NumberVar = keyof typeof NUMBER_DEFAULTS;
type TextVar = keyof typeof TEXT_DEFAULTS;
// RELAY_URL defaults to JETSTREAM_URL over http(s); METRICS_TOKEN is a secret, unset by default. The
// OAuth client's vars and secrets are read in oauth/oauth-settings.ts.
export type OptionalVar =
  | NumberVar
  | TextVar
  | "RELAY_URL"
  | "METRICS_TOKEN"
  | "OAUTH_RETURN_ORIGINS"
  | "HANDLE_RESOLVER_URL"
  | "OAUTH_CLIENT_KEY"
  | "OAUTH_SESSION_KEY";
const REQUIRED = ["SERVICE_DID", "PUBLIC_URL", "JETSTREAM_URL"] as const;
export type VarSource = Partial<Record<OptionalVar | (typeof REQUIRED)[number], unknown>>;

export interface RateBudget {
  limit: number;
  windowMs: number;
}

export interface Settings {
  serviceDid: string;
  publicUrl: string;
  jetstreamUrl: string;
  // Origin serving com.atproto.sync.listReposByCollection.
  relayUrl: string;
  plcUrl: string;
  startCursor: "oldest" | "now" | number;
  allowedOrigins: "*" | string[];
  retentionMs: number;
  reconnectRewindUs: number;
  staleSeconds: number;
  refreshMs: number;
  syncRetryMaxSeconds: number;
  budgets: { API: RateBudget; API_IP: RateBudget; REBUILD: RateBudget; FEED: RateBudget };
  lifecycle: LifecycleThresholds;
  lifecycleSweepBatch: number;
  // null: /metrics answers 404.
  metricsToken: string | null;
  validateOutputs: boolean;
  // Labelers trusted to hide posts (their DIDs), and the label values that hide.
  trustedLabelers: string[];
  hiddenLabelValues: string[];
  // The Worker as an OAuth client of its users' PDSes (the write routes), or why it cannot be one.
  oauth: OAuthConfig;
}

export class SettingsError extends Error {}

export function readSettings(env: VarSource, warn: (message: string) => void = console.warn): Settings {
  const text = (name: string): string | undefined => {
    const raw = env[name as keyof VarSource];
    return typeof raw === "string" && raw.trim() !== "" ? raw.trim() : undefined;
  };
  const number = (name: NumberVar): number => {
    const raw = text(name);
    const value = raw === undefined ? Number.NaN : Number(raw);
    if (Number.isFinite(value) && value >= 0) return value;
    if (raw !== undefined)
      warn(`${name}=${raw} is not a non-negative number; using ${NUMBER_DEFAULTS[name]}`);
    return NUMBER_DEFAULTS[name];
  };
  const orDefault = (name: TextVar) => text(name) ?? TEXT_DEFAULTS[name];
  const [serviceDid, publicUrl, jetstreamUrl] = REQUIRED.map((name) => {
    const value = text(name);
    if (!value) throw new SettingsError(`${name} must be set (wrangler.jsonc vars)`);
    return value;
  });
  const relayUrl = url("RELAY_URL", text("RELAY_URL") ?? jetstreamUrl.replace(/^ws(s?):/, "http$1:")).origin;
  const budget = (limit: NumberVar, window: NumberVar) => ({
    limit: number(limit),
    windowMs: number(window) * 1000,
  });
  const origins = orDefault("ALLOWED_ORIGINS")
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean);
  return {
    serviceDid,
    publicUrl,
    jetstreamUrl: url("JETSTREAM_URL", jetstreamUrl).toString(),
    relayUrl,
    plcUrl: url("PLC_URL", orDefault("PLC_URL")).toString().replace(/\/+$/, ""),
    startCursor: startCursor(orDefault("START_CURSOR")),
    allowedOrigins: origins.includes("*") || origins.length === 0 ? "*" : origins,
    retentionMs: number("RETENTION_SECONDS") * 1000,
    reconnectRewindUs: number("RECONNECT_REWIND_SECONDS") * 1_000_000,
    staleSeconds: number("STALE_SECONDS"),
    refreshMs: number("REFRESH_SECONDS") * 1000,
    syncRetryMaxSeconds: number("SYNC_RETRY_MAX_SECONDS"),
    budgets: {
      API: budget("API_RATE_LIMIT", "API_RATE_WINDOW_SECONDS"),
      API_IP: budget("API_IP_RATE_LIMIT", "API_RATE_WINDOW_SECONDS"),
      REBUILD: budget("REBUILD_RATE_LIMIT", "API_RATE_WINDOW_SECONDS"),
      FEED: budget("FEED_RATE_LIMIT", "FEED_RATE_WINDOW_SECONDS"),
    },
    lifecycle: {
      promoteMembers: number("LIFECYCLE_PROMOTE_MEMBERS"),
      promoteActivePosters: number("LIFECYCLE_PROMOTE_ACTIVE_POSTERS"),
      activeWindowMs: number("LIFECYCLE_ACTIVE_WINDOW_DAYS") * DAY_MS,
      promoteWeeklyPosts: number("LIFECYCLE_PROMOTE_WEEKLY_POSTS"),
      growthWarningMembers: number("LIFECYCLE_GROWTH_WARNING_MEMBERS"),
      inactiveMs: number("LIFECYCLE_INACTIVE_DAYS") * DAY_MS,
      archiveMs: number("LIFECYCLE_ARCHIVE_DAYS") * DAY_MS,
    },
    // At least one, so every tick makes progress.
    lifecycleSweepBatch: Math.max(1, Math.floor(number("LIFECYCLE_SWEEP_BATCH"))),
    // A secret is taken as set, spaces and all; only an empty one is unset.
    metricsToken: secret(env, "METRICS_TOKEN") ?? null,
    validateOutputs: orDefault("VALIDATE_OUTPUTS") === "true",
    trustedLabelers: list(orDefault("TRUSTED_LABELERS")),
    hiddenLabelValues: list(orDefault("HIDDEN_LABEL_VALUES")),
    oauth: readOAuthSettings({
      publicUrl: url("PUBLIC_URL", publicUrl).toString(),
      plcUrl: orDefault("PLC_URL"),
      serviceDid,
      text,
      secret: (name) => secret(env, name),
    }),
  };
}

function list(value: string): string[] {
  return [
    ...new Set(
      value
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
}

function secret(env: VarSource, name: string): string | undefined {
  const raw = env[name as keyof VarSource];
  return typeof raw === "string" && raw !== "" ? raw : undefined;
}

function url(name: string, value: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new SettingsError(`${name}=${value} is not a URL`);
  }
}

function startCursor(value: string): Settings["startCursor"] {
  if (value === "oldest" || value === "now") return value;
  const cursor = Number(value);
  if (!Number.isSafeInteger(cursor) || cursor < 0)
    throw new SettingsError(`START_CURSOR=${value} is not "oldest", "now" or a unix-µs cursor`);
  return cursor;
}
