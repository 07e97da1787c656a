// The caller's app passwords, newest first (names and dates; the passwords themselves are not kept).
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.listAppPasswords",
  type: "query",
  auth: "access",
  oauth: "refuse",
  handler: async (ctx, { caller }) => {
    if (!caller) throw new XrpcError(401, "AuthenticationRequired", "Authentication Required");
    return { json: { passwords: await ctx.appPasswords.list(caller.did) } };
  },
});
