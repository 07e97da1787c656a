// Changes the account's email address: with the token requestEmailUpdate mailed once the current one
// is confirmed, without one before. The new address starts unconfirmed and earlier mailed tokens stop
// working. A refused address (malformed, or another account's) leaves the token usable.

import { updateEmail } from "../../../../account/email-update.ts";
import { EMAIL_UPDATE_UNSUPPORTED, refuseOAuth } from "../../../../auth/oauth-permissions.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.updateEmail",
  type: "procedure",
  auth: "access-full",
  oauth: refuseOAuth(EMAIL_UPDATE_UNSUPPORTED),
  handler: async (ctx, { caller, input }) => {
    const body = input as { email: string; token?: string };
    if (!caller) throw new XrpcError(401, "AuthenticationRequired", "Authentication Required");
    await updateEmail(ctx, caller.did, body.email, body.token);
    return { empty: true };
  },
});
