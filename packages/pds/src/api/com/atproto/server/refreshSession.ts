// Refreshing rotates the refresh token, in the same login and with the same scope (a session made with
// an app password keeps that app password's scope). As the official PDS, the used token stays good for
// a 2-hour grace period and answers the same next token: two tabs refreshing at once both stay signed
// in. Past it, or once the login was ended (logout, app password revoked, password reset), ExpiredToken.
import { assertNotTakenDown } from "../../../../account/takedown.ts";
import { issueSession } from "../../../../auth/session-output.ts";
import { newRefreshTokenId } from "../../../../auth/tokens.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export const REFRESH_GRACE_MS = 2 * 60 * 60 * 1000;

export default method({
  nsid: "com.atproto.server.refreshSession",
  type: "procedure",
  auth: "refresh",
  handler: async (ctx, { caller }) => {
    const revoked = () => new XrpcError(400, "ExpiredToken", "Token has been revoked");
    const session = caller?.jti ? await ctx.sessions.live(caller.jti, caller.did) : undefined;
    if (!caller?.jti || !session || ctx.revocations.isRevoked(session.sessionId)) throw revoked();
    const account = await ctx.accounts.byDid(caller.did);
    if (!account) throw new XrpcError(400, "InvalidRequest", "Could not find user info for account");
    assertNotTakenDown(account);
    const appPassword = session.appPasswordName
      ? await ctx.appPasswords.byName(account.did, session.appPasswordName)
      : null;
    if (appPassword === undefined) throw revoked();
    const refreshJti = await ctx.sessions.rotate(caller.jti, caller.did, {
      id: newRefreshTokenId(),
      expiresAt: ctx.clock.now() + ctx.cfg.refreshTtlSec * 1000,
      graceMs: REFRESH_GRACE_MS,
    });
    if (!refreshJti) throw revoked();
    return {
      json: await issueSession(ctx, account, { appPassword, sessionId: session.sessionId, refreshJti }),
    };
  },
});
