// Deletes an account for good, given its DID, password and the token requestAccountDelete mailed: the
// account, sessions, repo and blobs go, the handle is free, and the firehose keeps only an #account
// (active: false, status: deleted) of it. No session needed, as in the official PDS.
import { confirmAccountDelete } from "../../../../account/deletion-request.ts";
import { DELETE_ACCOUNT_LIMITS } from "../../../../rate-limit/limits.ts";
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
    await confirmAccountDelete(ctx, did, password, token);
    return { empty: true };
  },
});
