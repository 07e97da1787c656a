// The last step of a migration in: once the DID document points here, the account goes live.
import { activateAccount } from "../../../../account/activation.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.activateAccount",
  type: "procedure",
  auth: "access-full",
  oauth: "refuse",
  handler: async (ctx, { caller }) => {
    if (!caller) throw new XrpcError(401, "AuthenticationRequired", "Authentication Required");
    await activateAccount(ctx, caller.did);
    return { empty: true };
  },
});
