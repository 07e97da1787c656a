// Aurora Locus as an AT Protocol OAuth authorization server (@atproto/oauth-provider): issuer = our
// public URL, every store on the account database, access tokens DPoP-bound and stateful (each use
// reads the token row, so a revocation or a takedown takes effect at once), audience our service DID.
import type { DatabaseSync } from "node:sqlite";
import { AccessTokenMode, LexResolver, OAuthProvider } from "@atproto/oauth-provider/provider";
import type { AppContext } from "../context.ts";
import { authFailureReason } from "../observability/auth-failures.ts";
import { OAuthAccountStore } from "./account-store.ts";
import { SqliteClientStore } from "./client-store.ts";
import { SqliteDeviceStore } from "./device-store.ts";
import { SqliteLexiconStore } from "./lexicon-store.ts";
import { dpopSecret, oauthSigningKey } from "./oauth-keys.ts";
import { SqliteReplayStore } from "./replay-store.ts";
import { SqliteRequestStore } from "./request-store.ts";
import { oauthSafeFetch } from "./safe-fetch.ts";
import { SqliteTokenStore } from "./token-store.ts";

export type { OAuthProvider };

export async function createOAuthProvider(ctx: AppContext, accountDb: DatabaseSync): Promise<OAuthProvider> {
  const { cfg } = ctx;
  const safeFetch = oauthSafeFetch(cfg.disableSsrfProtection);
  const accountStore = new OAuthAccountStore(ctx, accountDb);
  return new OAuthProvider({
    issuer: cfg.publicUrl,
    keyset: [await oauthSigningKey(cfg.jwtSecret)],
    dpopSecret: dpopSecret(cfg.jwtSecret),
    accessTokenMode: AccessTokenMode.stateful,
    metadata: { protected_resources: [new URL(cfg.publicUrl).origin] },
    inviteCodeRequired: cfg.inviteRequired,
    availableUserDomains: cfg.handleDomains,
    branding: { name: "Aurora Locus" },
    safeFetch,
    // Lexicons this server carries are found in the lexicon store first (never fetched); others are
    // resolved through their DID authority with the same SSRF rules.
    lexResolver: new LexResolver({ fetch: safeFetch, plcDirectoryUrl: cfg.plcUrl }),
    accountStore,
    clientStore: new SqliteClientStore(accountDb),
    deviceStore: new SqliteDeviceStore(accountDb),
    lexiconStore: new SqliteLexiconStore(accountDb, ctx.lexicons),
    replayStore: new SqliteReplayStore(accountDb, ctx.clock),
    requestStore: new SqliteRequestStore(accountDb, ctx.clock),
    tokenStore: new SqliteTokenStore(accountDb, (did) => accountStore.viewAccount(did)),
    // A refused sign-in on the page counts as createSession's would (never the identifier): the
    // store's error carries our XrpcError as its cause.
    onSignInFailed: ({ error }) => {
      const reason = authFailureReason("com.atproto.server.createSession", error.cause) ?? "bad-password";
      ctx.observability.metrics.authFailure(reason);
      ctx.logger.warn({ reason, path: "/oauth/authorize" }, "authentication failed");
    },
  });
}
