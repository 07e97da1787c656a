// Deactivates the caller's account (e.g. on the old PDS after a migration): sync methods answer
// RepoDeactivated and writes are refused until activateAccount. `deleteAfter` is accepted but not acted
// on: this server schedules no deletions.
import { deactivateAccount } from "../../../../account/activation.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.deactivateAccount",
  type: "procedure",
  auth: "access-full",
  oauth: "refuse",
  handler: async (ctx, { caller }) => {
    if (!caller) throw new XrpcError(401, "AuthenticationRequired", "Authentication Required");
    await deactivateAccount(ctx, caller.did);
    return { empty: true };
  },
});
