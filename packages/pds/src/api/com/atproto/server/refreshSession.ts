// Refresh tokens are single-use: the presented one is revoked and a new pair issued.
import { issueSession } from "../../../../auth/session-output.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.refreshSession",
  type: "procedure",
  auth: "refresh",
  handler: async (ctx, { caller }) => {
    if (!caller?.jti || !(await ctx.sessions.isLive(caller.jti, caller.did))) {
      throw new XrpcError(400, "ExpiredToken", "Token has been revoked");
    }
    const account = await ctx.accounts.byDid(caller.did);
    if (!account) throw new XrpcError(400, "InvalidRequest", "Could not find user info for account");
    if (account.takedown_ref) throw new XrpcError(401, "AccountTakedown", "Account has been taken down");
    await ctx.sessions.revoke(caller.jti);
    ctx.tokens.forget(caller.token);
    return { json: await issueSession(ctx, account) };
  },
});
