// Confirms the account's email address with the token requestEmailConfirmation mailed to it; the
// address given must be the current one (the token proves access to that mailbox, not another).

import { confirmEmail } from "../../../../account/email-confirmation.ts";
import { authorizeEmailManage } from "../../../../auth/oauth-permissions.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.confirmEmail",
  type: "procedure",
  auth: "access",
  oauth: authorizeEmailManage,
  handler: async (ctx, { caller, input }) => {
    const { email, token } = input as { email: string; token: string };
    if (!caller) throw new XrpcError(401, "AuthenticationRequired", "Authentication Required");
    await confirmEmail(ctx, caller.did, email, token);
    return { empty: true };
  },
});
