import { sessionInfo } from "../../../../auth/session-output.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.getSession",
  type: "query",
  auth: "access",
  handler: async (ctx, { caller }) => {
    const account = caller && (await ctx.accounts.byDid(caller.did));
    if (!account) throw new XrpcError(400, "InvalidRequest", "Could not find user info for account");
    return { json: sessionInfo(account) };
  },
});
