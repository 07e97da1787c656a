// Mails a password-reset token to the account with this email address. As the official PDS, an
// address no account has is refused (it does not pretend to have sent mail).
import { sendPasswordReset } from "../../../../account/password-reset.ts";
import { REQUEST_PASSWORD_RESET_LIMITS } from "../../../../rate-limit/limits.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.requestPasswordReset",
  type: "procedure",
  auth: "none",
  rateLimits: REQUEST_PASSWORD_RESET_LIMITS,
  handler: async (ctx, { input }) => {
    const { email } = input as { email: string };
    if (!(await sendPasswordReset(ctx, email)))
      throw new XrpcError(400, "InvalidRequest", "account does not have an email address");
    return { empty: true };
  },
});
