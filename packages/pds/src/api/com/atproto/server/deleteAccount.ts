// Deletes an account for good, given its DID, password and the token requestAccountDelete mailed: the
// account, sessions, repo and blobs go, the handle is free, and the firehose keeps only an #account
// (active: false, status: deleted) of it. No session needed, as in the official PDS.
import { deleteAccount } from "../../../../account/delete-account.ts";
import { verifyPassword } from "../../../../auth/password.ts";
import { DELETE_ACCOUNT_LIMITS } from "../../../../rate-limit/limits.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

interface Input {
  did: string;
  password: string;
  token: string;
}

export default method({
  nsid: "com.atproto.server.deleteAccount",
  type: "procedure",
  auth: "none",
  rateLimits: DELETE_ACCOUNT_LIMITS,
  handler: async (ctx, { input }) => {
    const { did, password, token } = input as Input;
    const account = await ctx.accounts.byDid(did);
    if (!account) throw new XrpcError(400, "InvalidRequest", "account not found");
    if (!(await verifyPassword(password, account.password_scrypt)))
      throw new XrpcError(401, "AuthenticationRequired", "Invalid did or password");
    await ctx.emailTokens.consume(did, "delete_account", token);
    await deleteAccount(ctx, did);
    return { empty: true };
  },
});
