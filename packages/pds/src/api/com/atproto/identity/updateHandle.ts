// Changes the caller's handle (identity/change-handle.ts: DID document, account DB, #identity event).

import { updateOwnHandle } from "../../../../account/own-handle.ts";
import { authorizeIdentity } from "../../../../auth/oauth-permissions.ts";
import { UPDATE_HANDLE_LIMITS } from "../../../../rate-limit/limits.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.identity.updateHandle",
  type: "procedure",
  auth: "access",
  oauth: authorizeIdentity("handle"),
  rateLimits: UPDATE_HANDLE_LIMITS,
  handler: async (ctx, { input, caller }) => {
    if (!caller) throw new XrpcError(401, "AuthenticationRequired", "Authentication Required");
    await updateOwnHandle(ctx, caller.did, (input as { handle: string }).handle);
    return { empty: true };
  },
});
