// Refresh tokens are single-use: the presented one is revoked and a new pair issued, in the same login
// and with the same scope (a session made with an app password keeps that app password's scope).
import { issueSession } from "../../../../auth/session-output.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.refreshSession",
  type: "procedure",
  auth: "refresh",
  handler: async (ctx, { caller }) => {
    const revoked = () => new XrpcError(400, "ExpiredToken", "Token has been revoked");
    const session = caller?.jti ? await ctx.sessions.live(caller.jti, caller.did) : undefined;
    if (!caller?.jti || !session) throw revoked();
    const account = await ctx.accounts.byDid(caller.did);
    if (!account) throw new XrpcError(400, "InvalidRequest", "Could not find user info for account");
    if (account.takedown_ref) throw new XrpcError(401, "AccountTakedown", "Account has been taken down");
    const appPassword = session.appPasswordName
      ? await ctx.appPasswords.byName(account.did, session.appPasswordName)
      : null;
    if (appPassword === undefined) throw revoked();
    await ctx.sessions.revoke(caller.jti);
    ctx.tokens.forget(caller.token);
    return { json: await issueSession(ctx, account, { appPassword, sessionId: session.sessionId }) };
  },
});
