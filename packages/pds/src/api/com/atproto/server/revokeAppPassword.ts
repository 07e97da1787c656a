// Revokes an app password by name. Its sessions end at once: their refresh tokens are deleted and
// their access tokens are refused from the next request on (beyond the official PDS, whose access
// tokens live until they expire).
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.revokeAppPassword",
  type: "procedure",
  auth: "access",
  oauth: "refuse",
  handler: async (ctx, { caller, input }) => {
    if (!caller) throw new XrpcError(401, "AuthenticationRequired", "Authentication Required");
    const { name } = input as { name: string };
    await ctx.appPasswords.revoke(caller.did, name);
    return { empty: true };
  },
});
