// Issues an access + refresh token pair and records the refresh token, for createAccount,
// createSession and refreshSession alike. A new login gets a new session id; a refresh keeps its
// login's id and scope (app-password sessions stay app-password sessions).
import { accountStatus } from "../account/status.ts";
import type { AccountRow } from "../account/types.ts";
import type { AppContext } from "../context.ts";
import { accessScopeFor } from "./scopes.ts";
import { newSessionId } from "./tokens.ts";

export interface SessionOrigin {
  // The app password the login was made with, or null for the account password.
  appPassword: { name: string; privileged: boolean } | null;
  // Given when refreshing: the login continues.
  sessionId?: string;
  // Given when refreshing: the refresh token's id, already stored by SessionStore.rotate.
  refreshJti?: string;
}

export async function issueSession(
  ctx: AppContext,
  account: AccountRow,
  origin: SessionOrigin = { appPassword: null },
) {
  const sessionId = origin.sessionId ?? newSessionId();
  const accessJwt = await ctx.tokens.createAccessToken(
    account.did,
    sessionId,
    accessScopeFor(origin.appPassword),
  );
  const refresh = await ctx.tokens.createRefreshToken(account.did, sessionId, origin.refreshJti);
  if (!origin.refreshJti) {
    await ctx.sessions.store(refresh.jti, account.did, refresh.expiresAt, {
      sessionId,
      appPasswordName: origin.appPassword?.name ?? null,
    });
  }
  return { accessJwt, refreshJwt: refresh.token, ...sessionInfo(account) };
}

export function sessionInfo(account: AccountRow) {
  const status = accountStatus(account);
  return {
    did: account.did,
    handle: account.handle,
    ...(account.email ? { email: account.email, emailConfirmed: !!account.email_confirmed_at } : {}),
    active: status === "active",
    ...(status === "active" ? {} : { status }),
  };
}
