// Issues an access + refresh token pair and records the refresh token, for createAccount,
// createSession and refreshSession alike.
import { accountStatus } from "../account/status.ts";
import type { AccountRow } from "../account/types.ts";
import type { AppContext } from "../context.ts";

export async function issueSession(ctx: AppContext, account: AccountRow) {
  const accessJwt = await ctx.tokens.createAccessToken(account.did);
  const refresh = await ctx.tokens.createRefreshToken(account.did);
  await ctx.sessions.store(refresh.jti, account.did, refresh.expiresAt);
  return { accessJwt, refreshJwt: refresh.token, ...sessionInfo(account) };
}

export function sessionInfo(account: AccountRow) {
  const status = accountStatus(account);
  return {
    did: account.did,
    handle: account.handle,
    ...(account.email ? { email: account.email, emailConfirmed: false } : {}),
    active: status === "active",
    ...(status === "active" ? {} : { status }),
  };
}
