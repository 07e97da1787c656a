// Mails the caller a token that confirms the account's current email address (confirmEmail).

import { requestEmailConfirmation } from "../../../../account/email-confirmation.ts";
import { authorizeEmailManage } from "../../../../auth/oauth-permissions.ts";
import { REQUEST_EMAIL_CONFIRMATION_LIMITS } from "../../../../rate-limit/limits.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.requestEmailConfirmation",
  type: "procedure",
  auth: "access",
  oauth: authorizeEmailManage,
  rateLimits: REQUEST_EMAIL_CONFIRMATION_LIMITS,
  handler: async (ctx, { caller }) => {
    if (!caller) throw new XrpcError(401, "AuthenticationRequired", "Authentication Required");
    await requestEmailConfirmation(ctx, caller.did);
    return { empty: true };
  },
});
