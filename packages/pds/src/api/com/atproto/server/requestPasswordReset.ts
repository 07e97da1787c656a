// Mails a password-reset token to the account with this email address. As the official PDS, an
// address no account has is refused (it does not pretend to have sent mail).
import { resetPasswordMail } from "../../../../mailer/templates.ts";
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
    const account = await ctx.accounts.byEmail(email.trim().toLowerCase());
    if (!account?.email) throw new XrpcError(400, "InvalidRequest", "account does not have an email address");
    const token = await ctx.emailTokens.create(account.did, "reset_password");
    await ctx.mailer.send(resetPasswordMail(account.email, account.handle, token));
    return { empty: true };
  },
});
