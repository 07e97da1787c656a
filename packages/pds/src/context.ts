// Composition root: config -> databases, stores and services. Tests pass overrides instead of
// patching modules.
import path from "node:path";
import type { Secp256k1Keypair } from "@atproto/crypto";
import type { Lexicons } from "@atproto/lexicon";
import { createLogger, type DestinationStream, type Logger } from "@atrarium/observability";
import { PlcClient } from "@atrarium/plc/client";
import { closeSqlite } from "@atrarium/sqlite";
import { openAccountDb } from "./account/account-db.ts";
import { SqliteAccountStore } from "./account/accounts.ts";
import { SqliteAppPasswordStore } from "./account/app-passwords.ts";
import { SqliteCredentialStore } from "./account/credentials.ts";
import { SqliteEmailTokenStore } from "./account/email-tokens.ts";
import { ExpiredCredentials } from "./account/expired-credentials.ts";
import { SqliteInviteStore } from "./account/invites.ts";
import { SqliteReservedKeyStore } from "./account/reserved-keys.ts";
import { SessionRevocations } from "./account/session-revocations.ts";
import { SqliteSessionStore } from "./account/sessions.ts";
import type { AccountStore, EmailTokenStore, SessionStore } from "./account/types.ts";
import { SqliteActorStore } from "./actor-store/actor-store.ts";
import type { ActorStore } from "./actor-store/types.ts";
import { type AdminServices, createAdminServices } from "./admin/admin-services.ts";
import { createTokenSigner, type TokenSigner } from "./auth/tokens.ts";
import { LABELS_DB } from "./backup/layout.ts";
import { DiskBlobStore } from "./blob/blobstore.ts";
import type { BlobStore } from "./blob/types.ts";
import { type Clock, systemClock } from "./clock.ts";
import { labelerKeypair, type PdsConfig, rotationKeypair } from "./config.ts";
import { DidResolver } from "./identity/did-resolver.ts";
import { HandleResolution } from "./identity/handle-resolver.ts";
import { JobRunner } from "./jobs/job-runner.ts";
import { SqliteJobStateStore } from "./jobs/job-state-store.ts";
import { SqliteLabelStore } from "./labels/label-store.ts";
import { openLabelsDb } from "./labels/labels-db.ts";
import { atprotoLexicons } from "./lexicon/atproto-lexicons.ts";
import { createMailer, type Mailer } from "./mailer/mailer.ts";
import { SqliteReportQueue } from "./moderation/report-queue.ts";
import { createOAuthProvider, type OAuthProvider } from "./oauth/oauth-provider.ts";
import {
  actorStoreObserver,
  createPdsObservability,
  type PdsObservability,
  watchStores,
} from "./observability/pds-observability.ts";
import { SqliteSequencer } from "./sequencer/sequencer.ts";
import { openSequencerDb } from "./sequencer/sequencer-db.ts";
import type { Sequencer } from "./sequencer/types.ts";

export interface AppContext {
  cfg: PdsConfig;
  clock: Clock;
  logger: Logger;
  lexicons: Lexicons;
  accounts: AccountStore;
  sessions: SessionStore;
  emailTokens: EmailTokenStore;
  // Email address and password changes; app passwords; logins ended before their tokens expire.
  credentials: SqliteCredentialStore;
  appPasswords: SqliteAppPasswordStore;
  revocations: SessionRevocations;
  invites: SqliteInviteStore;
  // Signing keys reserved for accounts migrating in; reports kept when no moderation service takes them.
  reservedKeys: SqliteReservedKeyStore;
  reports: SqliteReportQueue;
  // The administrator's audit log, account search and server totals (net.atrarium.pds.admin.*).
  admin: AdminServices;
  actors: ActorStore;
  blobstore: BlobStore;
  mailer: Mailer;
  sequencer: Sequencer;
  // The labels this server emits as a labeler, signed with its labeler key (labels/).
  labels: SqliteLabelStore;
  tokens: TokenSigner;
  plc: PlcClient;
  didResolver: DidResolver;
  // Handle -> DID over DNS/HTTP with its cache (identity/handle-resolver.ts).
  handleResolver: HandleResolution;
  rotationKey: Secp256k1Keypair;
  // Signs the labels (labels/sign-label.ts); #atproto_label of the server's DID document.
  labelerKey: Secp256k1Keypair;
  // Metrics, background jobs, sequencer backlog, firehose subscribers, readiness checks.
  observability: PdsObservability;
  // The OAuth authorization server (src/oauth/): its stores live in the account database.
  oauth: OAuthProvider;
  // Scheduled jobs (jobs/job-runner.ts, started by server.ts) and the expired rows one of them removes.
  jobRunner: JobRunner;
  expiredCredentials: ExpiredCredentials;
  close: () => Promise<void>;
}

// A test's replacements for parts of the context, and where the log lines go (stdout if absent).
export type ContextOverrides = Partial<AppContext> & { logDestination?: DestinationStream };

export async function createContext(
  cfg: PdsConfig,
  { logDestination, ...overrides }: ContextOverrides = {},
): Promise<AppContext> {
  const logger =
    overrides.logger ??
    createLogger({ name: "aurora-locus", level: cfg.logLevel, destination: logDestination });
  const observability = createPdsObservability();
  const clock = overrides.clock ?? systemClock;
  const accountDb = openAccountDb(path.join(cfg.dataDir, "account.sqlite"));
  const sequencerDb = openSequencerDb(path.join(cfg.dataDir, "sequencer.sqlite"));
  const blobstore = overrides.blobstore ?? new DiskBlobStore(cfg.blobstoreDir);
  const actorsDir = path.join(cfg.dataDir, "actors");
  const actors = new SqliteActorStore(actorsDir, {
    blobstore,
    onBlobFileError: (err, did) => logger.warn({ err, did }, "could not remove blob files after a commit"),
    observer: actorStoreObserver(observability),
  });
  const sequencer = new SqliteSequencer(sequencerDb);
  const labelerKey = await labelerKeypair(cfg);
  const labels = new SqliteLabelStore(openLabelsDb(path.join(cfg.dataDir, LABELS_DB)), clock, {
    did: cfg.serviceDid,
    key: labelerKey,
  });
  watchStores(observability, { accountDb, sequencerDb, sequencer, actorsDir, blobDir: cfg.blobstoreDir });
  const accounts = new SqliteAccountStore(accountDb);
  const revocations = new SessionRevocations(accountDb, clock, cfg.accessTtlSec * 1000);
  // `oauth` is set right below: the provider's account store needs the rest of the context.
  const ctx: AppContext = {
    oauth: undefined as unknown as OAuthProvider,
    cfg,
    clock,
    logger,
    lexicons: atprotoLexicons(),
    accounts,
    sessions: new SqliteSessionStore(accountDb, clock),
    emailTokens: new SqliteEmailTokenStore(accountDb, clock),
    credentials: new SqliteCredentialStore(accountDb, clock, revocations),
    appPasswords: new SqliteAppPasswordStore(accountDb, clock, revocations),
    revocations,
    invites: new SqliteInviteStore(accountDb, clock),
    reservedKeys: new SqliteReservedKeyStore(accountDb, clock),
    reports: new SqliteReportQueue(accountDb, clock),
    admin: createAdminServices(accountDb, actorsDir, clock, cfg.adminPassword),
    actors,
    blobstore,
    mailer: createMailer(cfg, logger),
    sequencer,
    labels,
    tokens: createTokenSigner(
      {
        secret: new TextEncoder().encode(cfg.jwtSecret),
        serviceDid: cfg.serviceDid,
        accessTtlSec: cfg.accessTtlSec,
        refreshTtlSec: cfg.refreshTtlSec,
      },
      clock,
    ),
    plc: new PlcClient(cfg.plcUrl),
    didResolver: new DidResolver(new PlcClient(cfg.plcUrl), {
      allowPrivate: cfg.disableSsrfProtection,
      staleTtlMs: cfg.didCacheStaleTtlMs,
      maxTtlMs: cfg.didCacheMaxTtlMs,
      timeoutMs: cfg.idResolverTimeoutMs,
    }),
    handleResolver: new HandleResolution({
      timeoutMs: cfg.idResolverTimeoutMs,
      cacheTtlMs: cfg.handleCacheTtlMs,
      backupNameservers: cfg.handleBackupNameservers,
      dnsServers: cfg.handleDnsServers,
      allowPrivate: cfg.disableSsrfProtection,
    }),
    rotationKey: await rotationKeypair(cfg),
    labelerKey,
    observability,
    jobRunner: new JobRunner({
      store: new SqliteJobStateStore(accountDb),
      monitor: observability.jobs,
      logger,
      measured: observability.metrics.jobMeasured,
    }),
    expiredCredentials: new ExpiredCredentials(accountDb, clock),
    close: async () => {
      await accounts.close();
      await actors.close();
      await sequencer.close();
      labels.close();
      closeSqlite(accountDb);
    },
    ...overrides,
  };
  ctx.oauth = overrides.oauth ?? (await createOAuthProvider(ctx, accountDb));
  return ctx;
}
