// Composition root: config -> databases, stores and services. Tests pass overrides instead of
// patching modules.
import path from "node:path";
import type { Secp256k1Keypair } from "@atproto/crypto";
import type { Lexicons } from "@atproto/lexicon";
import { PlcClient } from "@atrarium/plc/client";
import { closeSqlite } from "@atrarium/sqlite";
import { type Logger, pino } from "pino";
import { openAccountDb } from "./account/account-db.ts";
import { Accounts } from "./account/accounts.ts";
import { EmailTokens } from "./account/email-tokens.ts";
import { Sessions } from "./account/sessions.ts";
import { ActorStore } from "./actor-store/actor-store.ts";
import { createTokenSigner, type TokenSigner } from "./auth/tokens.ts";
import { type BlobStore, DiskBlobStore } from "./blob/blobstore.ts";
import { type Clock, systemClock } from "./clock.ts";
import { type PdsConfig, rotationKeypair } from "./config.ts";
import { DidResolver } from "./identity/did-resolver.ts";
import { atprotoLexicons } from "./lexicon/atproto-lexicons.ts";
import { createMailer, type Mailer } from "./mailer/mailer.ts";
import { Sequencer } from "./sequencer/sequencer.ts";
import { openSequencerDb } from "./sequencer/sequencer-db.ts";

export interface AppContext {
  cfg: PdsConfig;
  clock: Clock;
  logger: Logger;
  lexicons: Lexicons;
  accounts: Accounts;
  sessions: Sessions;
  emailTokens: EmailTokens;
  actors: ActorStore;
  blobstore: BlobStore;
  mailer: Mailer;
  sequencer: Sequencer;
  tokens: TokenSigner;
  plc: PlcClient;
  didResolver: DidResolver;
  rotationKey: Secp256k1Keypair;
  close: () => void;
}

export async function createContext(
  cfg: PdsConfig,
  overrides: Partial<AppContext> = {},
): Promise<AppContext> {
  const logger = overrides.logger ?? pino({ name: "aurora-locus", level: cfg.logLevel });
  const clock = overrides.clock ?? systemClock;
  const accountDb = openAccountDb(path.join(cfg.dataDir, "account.sqlite"));
  const sequencerDb = openSequencerDb(path.join(cfg.dataDir, "sequencer.sqlite"));
  const actors = new ActorStore(path.join(cfg.dataDir, "actors"));
  const sequencer = new Sequencer(sequencerDb);
  const ctx: AppContext = {
    cfg,
    clock,
    logger,
    lexicons: atprotoLexicons(),
    accounts: new Accounts(accountDb),
    sessions: new Sessions(accountDb, clock),
    emailTokens: new EmailTokens(accountDb),
    actors,
    blobstore: new DiskBlobStore(cfg.blobstoreDir),
    mailer: createMailer(cfg, logger),
    sequencer,
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
    didResolver: new DidResolver(new PlcClient(cfg.plcUrl), { allowPrivate: cfg.disableSsrfProtection }),
    rotationKey: await rotationKeypair(cfg),
    close: () => {
      ctx.accounts.flushRoots();
      actors.closeAll();
      sequencer.close();
      closeSqlite(accountDb);
    },
    ...overrides,
  };
  return ctx;
}
