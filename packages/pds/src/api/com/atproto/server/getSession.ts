import { allowOAuth } from "../../../../auth/oauth-permissions.ts";
import { sessionInfo } from "../../../../auth/session-output.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.getSession",
  type: "query",
  auth: "access",
  oauth: allowOAuth,
  handler: async (ctx, { caller }) => {
    const account = caller && (await ctx.accounts.byDid(caller.did));
    if (!account) throw new XrpcError(400, "InvalidRequest", "Could not find user info for account");
    const info = sessionInfo(account);
    // An OAuth session sees the email address only with account:email (or transition:email).
    if (caller?.oauth && !caller.oauth.permissions.allowsAccount({ attr: "email", action: "read" })) {
      const { email: _email, emailConfirmed: _confirmed, ...rest } = info;
      return { json: rest };
    }
    return { json: info };
  },
});
