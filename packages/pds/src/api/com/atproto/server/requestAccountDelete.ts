// Mails the caller a one-time token that deleteAccount requires, so a stolen session alone cannot
// delete the account. Without SMTP the dev mailer keeps and logs it (see mailer/mailer.ts).
import { requestAccountDelete } from "../../../../account/deletion-request.ts";
import { REQUEST_ACCOUNT_DELETE_LIMITS } from "../../../../rate-limit/limits.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.requestAccountDelete",
  type: "procedure",
  // Full-access sessions only: an app password cannot start deleting the account.
  auth: "access-full",
  oauth: "refuse",
  rateLimits: REQUEST_ACCOUNT_DELETE_LIMITS,
  handler: async (ctx, { caller }) => {
    if (!caller) throw new XrpcError(401, "AuthenticationRequired", "Authentication Required");
    await requestAccountDelete(ctx, caller.did);
    return { empty: true };
  },
});
