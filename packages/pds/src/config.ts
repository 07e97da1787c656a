// PDS configuration from PDS_* environment variables (names follow the official pds.env), with
// defaults that run a local devnet without any setup. Secrets not given are generated once and kept in
// the data directory, so restarts keep sessions and the PLC rotation key.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Secp256k1Keypair } from "@atproto/crypto";

export interface PdsConfig {
  hostname: string;
  port: number;
  bindHost: string;
  publicUrl: string;
  serviceDid: string;
  dataDir: string;
  plcUrl: string;
  handleDomains: string[];
  // Request body limits in bytes, enforced while the body streams in (over them: 413 PayloadTooLarge).
  // As the official PDS: JSON 150 KB (PDS_MAX_JSON_BODY_BYTES), text 100 KB (PDS_MAX_TEXT_BODY_BYTES),
  // record writes (createRecord, putRecord, applyWrites) 1 MiB (PDS_MAX_RECORD_BODY_BYTES), uploadBlob
  // and any other binary input PDS_BLOB_UPLOAD_LIMIT; importRepo has maxImportSize below.
  maxJsonBodyBytes: number;
  maxTextBodyBytes: number;
  maxRecordBodyBytes: number;
  blobUploadLimit: number;
  jwtSecret: string;
  plcRotationKeyHex: string;
  // The secp256k1 key that signs this server's labels (labels/sign-label.ts), announced as #atproto_label
  // in its DID document (PDS_LABELER_SIGNING_KEY_K256_PRIVATE_KEY_HEX).
  labelerSigningKeyHex: string;
  accessTtlSec: number;
  refreshTtlSec: number;
  // Invites (as the official PDS): required unless PDS_INVITE_REQUIRED=false. An account earns one
  // invite code per inviteIntervalMs (PDS_INVITE_INTERVAL; unset: none) counted from the later of its
  // creation and inviteEpochMs (PDS_INVITE_EPOCH), at most five open at a time.
  inviteRequired: boolean;
  inviteIntervalMs?: number;
  inviteEpochMs: number;
  // HTTP Basic `admin:<adminPassword>` authenticates the admin methods (PDS_ADMIN_PASSWORD); unset:
  // they refuse everyone.
  adminPassword?: string;
  // The built admin web UI served at /admin (PDS_ADMIN_UI_DIR); by default apps/pds-admin/dist of
  // this repository. A directory without index.html makes /admin answer a 404 page saying so.
  adminUiDir: string;
  logLevel: string;
  // GET /metrics needs `Authorization: Bearer <metricsToken>` (PDS_METRICS_TOKEN); unset: loopback
  // clients only, not through a reverse proxy. Requests slower than slowRequestMs
  // (PDS_SLOW_REQUEST_MS) are logged at warn.
  metricsToken?: string;
  slowRequestMs: number;
  // A firehose subscriber whose unsent backlog stays above this many bytes for subscriberStallMs is
  // dropped with ConsumerTooSlow, so a client that stops reading cannot grow server memory.
  subscriberBufferBytes: number;
  subscriberStallMs: number;
  // Firehose retention: events older than this or beyond this many are purged every
  // sequencerPurgeIntervalMs (0: no limit). A cursor before the kept window gets #info OutdatedCursor.
  sequencerRetentionMaxAgeMs: number;
  sequencerRetentionMaxEvents: number;
  sequencerPurgeIntervalMs: number;
  // Service proxying (atproto-proxy) and did:web resolution may reach plain-http, loopback and private
  // addresses only with this on: a devnet needs it, a public server must not allow it.
  disableSsrfProtection: boolean;
  // Relays told of new events by com.atproto.sync.requestCrawl (PDS_CRAWLERS, comma-separated base
  // URLs), at most once per crawlIntervalMs each (PDS_CRAWL_INTERVAL_MS, 20 minutes; tests shorten it).
  crawlers: string[];
  crawlIntervalMs: number;
  // Blobs: MIME types uploadBlob accepts (patterns such as image/*; */* accepts any, as the official
  // PDS does), where files live, and how long an upload no record references is kept.
  blobAllowedMimeTypes: string[];
  blobstoreDir: string;
  blobGracePeriodMs: number;
  // importRepo's body (a CAR, read whole into memory): PDS_MAX_REPO_IMPORT_SIZE.
  maxImportSize: number;
  // Mailed tokens (email confirmation and change, password reset, PLC operations, ...) go over SMTP
  // when a URL is set, else to the dev mailer (logged, kept in memory and written to emailOutboxDir).
  emailSmtpUrl?: string;
  emailFromAddress: string;
  // Without SMTP, each message is also written here as an .eml file (PDS_EMAIL_OUTBOX_DIRECTORY).
  emailOutboxDir: string;
  // Where methods this PDS does not serve go when the client names no service (atproto-proxy): the
  // AppView (PDS_BSKY_APP_VIEW_URL/_DID), tools.ozone.* the moderation service (PDS_MOD_SERVICE_URL/
  // _DID), com.atproto.moderation.createReport the report service (PDS_REPORT_SERVICE_URL/_DID, else
  // the moderation service; with neither, reports stay in the local moderation queue).
  bskyAppView?: DefaultService;
  modService?: DefaultService;
  reportService?: DefaultService;
  // Rate limits (rate-limit/limits.ts, the official PDS's numbers): on unless PDS_RATE_LIMITS_ENABLED=
  // false (the devnet and tests turn them off). A request with `x-ratelimit-bypass:
  // <PDS_RATE_LIMIT_BYPASS_KEY>` or from an address in PDS_RATE_LIMIT_BYPASS_IPS (comma-separated) is
  // never limited. The client address is the TCP peer; with PDS_TRUST_PROXY=true (a reverse proxy in
  // front that appends X-Forwarded-For) the last X-Forwarded-For entry instead.
  rateLimitsEnabled: boolean;
  rateLimitBypassKey?: string;
  rateLimitBypassIps: string[];
  trustProxy: boolean;
  // Identity resolution (identity/): DID documents are served from cache until didCacheStaleTtlMs
  // (PDS_DID_CACHE_STALE_TTL, 1 hour), then refreshed in the background, and dropped after
  // didCacheMaxTtlMs (PDS_DID_CACHE_MAX_TTL, 1 day); handle -> DID answers are kept handleCacheTtlMs
  // (PDS_HANDLE_CACHE_TTL, 10 minutes). Each DNS/HTTP/PLC lookup gives up after idResolverTimeoutMs
  // (PDS_ID_RESOLVER_TIMEOUT, 3 s).
  didCacheStaleTtlMs: number;
  didCacheMaxTtlMs: number;
  handleCacheTtlMs: number;
  idResolverTimeoutMs: number;
  // Handle TXT records (_atproto.<handle>): asked of the system resolver, then of
  // handleBackupNameservers (PDS_HANDLE_BACKUP_NAMESERVERS, host names or IPs, port 53) as the official
  // PDS does. handleDnsServers (PDS_HANDLE_DNS_SERVERS, `ip` or `ip:port`, comma-separated) replaces
  // the system resolver for those lookups: a split-horizon resolver, or a test's DNS server on loopback.
  handleBackupNameservers: string[];
  handleDnsServers: string[];
  // Scheduled jobs (jobs/pds-jobs.ts): expired sessions and tokens removed every
  // expiredSessionsIntervalMs (PDS_EXPIRED_SESSIONS_INTERVAL_MS, 1 hour), interrupted account
  // deletions finished every deletedAccountsIntervalMs (PDS_DELETED_ACCOUNTS_INTERVAL_MS, 1 hour).
  expiredSessionsIntervalMs: number;
  deletedAccountsIntervalMs: number;
  // Scheduled online backups, only when backupDirectory is set (PDS_BACKUP_DIRECTORY): one every
  // backupIntervalMs (PDS_BACKUP_INTERVAL_HOURS, 24, fractions allowed) into a timestamped directory
  // of its own, the newest backupKeep (PDS_BACKUP_KEEP, 7) kept.
  backupDirectory?: string;
  backupIntervalMs: number;
  backupKeep: number;
}

export interface DefaultService {
  url: string;
  did: string;
}

type Env = Record<string, string | undefined>;

const int = (v: string | undefined, dflt: number) =>
  v === undefined || v === "" ? dflt : Number.parseInt(v, 10);

// A size limit that is not a positive whole number would silently disable it (any size compares
// false with NaN), so it stops the server at start instead.
function byteLimit(env: Env, name: string, dflt: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return dflt;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) <= 0 || !Number.isSafeInteger(Number(raw))) {
    throw new Error(`${name} must be a positive number of bytes, not ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

// A job interval or a count to keep that is not a positive number would make a job run in a tight
// loop or delete every backup: refused at start. Fractions are allowed (PDS_BACKUP_INTERVAL_HOURS=0.5).
function positive(env: Env, name: string, dflt: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return dflt;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, not ${JSON.stringify(raw)}`);
  }
  return value;
}

// apps/pds-admin/dist of the repository this source file is in (packages/pds/src/config.ts).
const DEFAULT_ADMIN_UI_DIR = path.resolve(import.meta.dirname, "../../../apps/pds-admin/dist");

export function configFromEnv(env: Env = process.env, overrides: Partial<PdsConfig> = {}): PdsConfig {
  const hostname = overrides.hostname ?? env.PDS_HOSTNAME ?? "localhost";
  const port = overrides.port ?? int(env.PDS_PORT, 2583);
  const local = hostname === "localhost" || hostname === "127.0.0.1";
  const dataDir = path.resolve(overrides.dataDir ?? env.PDS_DATA_DIRECTORY ?? ".data/pds");
  const secrets = loadOrCreateSecrets(dataDir, env);
  const publicUrl = env.PDS_PUBLIC_URL ?? (local ? `http://${hostname}:${port}` : `https://${hostname}`);
  return {
    hostname,
    port,
    bindHost: env.PDS_BIND_HOST ?? "127.0.0.1",
    publicUrl,
    serviceDid: env.PDS_SERVICE_DID ?? `did:web:${local ? `${hostname}%3A${port}` : hostname}`,
    dataDir,
    plcUrl: env.PDS_DID_PLC_URL ?? "http://127.0.0.1:2582",
    handleDomains: (env.PDS_SERVICE_HANDLE_DOMAINS ?? ".test")
      .split(",")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => (d.startsWith(".") ? d : `.${d}`)),
    maxJsonBodyBytes: byteLimit(env, "PDS_MAX_JSON_BODY_BYTES", 150 * 1024),
    maxTextBodyBytes: byteLimit(env, "PDS_MAX_TEXT_BODY_BYTES", 100 * 1024),
    maxRecordBodyBytes: byteLimit(env, "PDS_MAX_RECORD_BODY_BYTES", 1024 * 1024),
    blobUploadLimit: byteLimit(env, "PDS_BLOB_UPLOAD_LIMIT", 5 * 1024 * 1024),
    jwtSecret: env.PDS_JWT_SECRET ?? secrets.jwtSecret,
    plcRotationKeyHex: env.PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX ?? secrets.plcRotationKeyHex,
    labelerSigningKeyHex: env.PDS_LABELER_SIGNING_KEY_K256_PRIVATE_KEY_HEX ?? secrets.labelerSigningKeyHex,
    accessTtlSec: int(env.PDS_ACCESS_TOKEN_TTL_SECONDS, 2 * 60 * 60),
    refreshTtlSec: int(env.PDS_REFRESH_TOKEN_TTL_SECONDS, 90 * 24 * 60 * 60),
    inviteRequired: env.PDS_INVITE_REQUIRED !== "false",
    inviteIntervalMs: env.PDS_INVITE_INTERVAL ? int(env.PDS_INVITE_INTERVAL, 0) : undefined,
    inviteEpochMs: int(env.PDS_INVITE_EPOCH, 0),
    adminPassword: env.PDS_ADMIN_PASSWORD || undefined,
    adminUiDir: path.resolve(env.PDS_ADMIN_UI_DIR || DEFAULT_ADMIN_UI_DIR),
    logLevel: env.PDS_LOG_LEVEL ?? env.LOG_LEVEL ?? "info",
    metricsToken: env.PDS_METRICS_TOKEN || undefined,
    slowRequestMs: int(env.PDS_SLOW_REQUEST_MS, 1000),
    subscriberBufferBytes: int(env.PDS_FIREHOSE_BUFFER_BYTES, 8 * 1024 * 1024),
    subscriberStallMs: int(env.PDS_FIREHOSE_STALL_MS, 15_000),
    sequencerRetentionMaxAgeMs: int(env.PDS_SEQUENCER_RETENTION_MAX_AGE_MS, 7 * 24 * 60 * 60 * 1000),
    sequencerRetentionMaxEvents: int(env.PDS_SEQUENCER_RETENTION_MAX_EVENTS, 0),
    sequencerPurgeIntervalMs: int(env.PDS_SEQUENCER_PURGE_INTERVAL_MS, 60_000),
    disableSsrfProtection: (env.PDS_DISABLE_SSRF_PROTECTION ?? String(local)) === "true",
    crawlers: crawlerUrls(env.PDS_CRAWLERS),
    crawlIntervalMs: int(env.PDS_CRAWL_INTERVAL_MS, 20 * 60 * 1000),
    blobAllowedMimeTypes: (env.PDS_BLOB_ALLOWED_MIME_TYPES ?? "*/*")
      .split(",")
      .map((t) => t.trim().toLowerCase()),
    blobstoreDir: path.resolve(env.PDS_BLOBSTORE_DISK_LOCATION ?? path.join(dataDir, "blobs")),
    blobGracePeriodMs: int(env.PDS_BLOB_GRACE_PERIOD_MS, 60 * 60 * 1000),
    maxImportSize: byteLimit(env, "PDS_MAX_REPO_IMPORT_SIZE", 128 * 1024 * 1024),
    emailSmtpUrl: env.PDS_EMAIL_SMTP_URL || undefined,
    emailFromAddress: env.PDS_EMAIL_FROM_ADDRESS ?? `noreply@${hostname}`,
    emailOutboxDir: path.resolve(env.PDS_EMAIL_OUTBOX_DIRECTORY ?? path.join(dataDir, "mail-outbox")),
    bskyAppView: defaultService(env, "PDS_BSKY_APP_VIEW"),
    modService: defaultService(env, "PDS_MOD_SERVICE"),
    reportService: defaultService(env, "PDS_REPORT_SERVICE"),
    rateLimitsEnabled: env.PDS_RATE_LIMITS_ENABLED !== "false",
    rateLimitBypassKey: env.PDS_RATE_LIMIT_BYPASS_KEY || undefined,
    rateLimitBypassIps: (env.PDS_RATE_LIMIT_BYPASS_IPS ?? "")
      .split(",")
      .map((ip) => ip.trim())
      .filter(Boolean),
    trustProxy: env.PDS_TRUST_PROXY === "true",
    didCacheStaleTtlMs: int(env.PDS_DID_CACHE_STALE_TTL, 60 * 60 * 1000),
    didCacheMaxTtlMs: int(env.PDS_DID_CACHE_MAX_TTL, 24 * 60 * 60 * 1000),
    handleCacheTtlMs: int(env.PDS_HANDLE_CACHE_TTL, 10 * 60 * 1000),
    idResolverTimeoutMs: int(env.PDS_ID_RESOLVER_TIMEOUT, 3000),
    handleBackupNameservers: list(env.PDS_HANDLE_BACKUP_NAMESERVERS),
    handleDnsServers: list(env.PDS_HANDLE_DNS_SERVERS),
    expiredSessionsIntervalMs: positive(env, "PDS_EXPIRED_SESSIONS_INTERVAL_MS", 60 * 60 * 1000),
    deletedAccountsIntervalMs: positive(env, "PDS_DELETED_ACCOUNTS_INTERVAL_MS", 60 * 60 * 1000),
    backupDirectory: env.PDS_BACKUP_DIRECTORY ? path.resolve(env.PDS_BACKUP_DIRECTORY) : undefined,
    backupIntervalMs: positive(env, "PDS_BACKUP_INTERVAL_HOURS", 24) * 60 * 60 * 1000,
    backupKeep: Math.max(1, Math.floor(positive(env, "PDS_BACKUP_KEEP", 7))),
    ...overrides,
  };
}

const list = (raw: string | undefined): string[] =>
  (raw ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);

// A service needs both its URL and its DID (the audience of the service JWTs); half of one, or a URL
// that is not http(s), stops the server at start rather than failing every proxied call.
function defaultService(env: Env, prefix: string): DefaultService | undefined {
  const url = env[`${prefix}_URL`]?.trim().replace(/\/+$/, "") || undefined;
  const did = env[`${prefix}_DID`]?.trim() || undefined;
  if (!url && !did) return undefined;
  if (!url || !did) throw new Error(`${prefix}_URL and ${prefix}_DID must be set together`);
  if (!/^https?:\/\/[^/]+/.test(url)) throw new Error(`${prefix}_URL: not an http(s) URL: ${url}`);
  if (!did.startsWith("did:")) throw new Error(`${prefix}_DID: not a DID: ${did}`);
  return { url, did };
}

// A crawler that is not an http(s) URL would only fail at every event; refuse it at start instead.
function crawlerUrls(raw: string | undefined): string[] {
  const urls = (raw ?? "")
    .split(",")
    .map((u) => u.trim().replace(/\/+$/, ""))
    .filter(Boolean);
  for (const url of urls) {
    if (!/^https?:\/\/[^/]+$/.test(url)) throw new Error(`PDS_CRAWLERS: not an http(s) base URL: ${url}`);
  }
  return urls;
}

interface Secrets {
  jwtSecret: string;
  plcRotationKeyHex: string;
  labelerSigningKeyHex: string;
}

function loadOrCreateSecrets(dataDir: string, env: Env): Secrets {
  const file = path.join(dataDir, "secrets.json");
  const stored: Partial<Secrets> | undefined = existsSync(file)
    ? JSON.parse(readFileSync(file, "utf8"))
    : undefined;
  if (
    !stored &&
    env.PDS_JWT_SECRET &&
    env.PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX &&
    env.PDS_LABELER_SIGNING_KEY_K256_PRIVATE_KEY_HEX
  ) {
    return {
      jwtSecret: env.PDS_JWT_SECRET,
      plcRotationKeyHex: env.PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX,
      labelerSigningKeyHex: env.PDS_LABELER_SIGNING_KEY_K256_PRIVATE_KEY_HEX,
    };
  }
  // A secret that a later version added (the labeler key) is generated into an existing file too; the
  // ones stored before are kept as they are.
  const secrets: Secrets = {
    jwtSecret: randomBytes(32).toString("hex"),
    plcRotationKeyHex: randomBytes(32).toString("hex"),
    labelerSigningKeyHex: randomBytes(32).toString("hex"),
    ...stored,
  };
  if (stored && Object.keys(secrets).every((key) => key in stored)) return secrets;
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export async function rotationKeypair(cfg: PdsConfig): Promise<Secp256k1Keypair> {
  return Secp256k1Keypair.import(cfg.plcRotationKeyHex);
}

export async function labelerKeypair(cfg: PdsConfig): Promise<Secp256k1Keypair> {
  return Secp256k1Keypair.import(cfg.labelerSigningKeyHex);
}
