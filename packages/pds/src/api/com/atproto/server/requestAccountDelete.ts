// Mails the caller a one-time token that deleteAccount requires, so a stolen session alone cannot
// delete the account. Without SMTP the dev mailer keeps and logs it (see mailer/mailer.ts).
import { REQUEST_ACCOUNT_DELETE_LIMITS } from "../../../../rate-limit/limits.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.requestAccountDelete",
  type: "procedure",
  // Full-access sessions only: an app password cannot start deleting the account.
  auth: "access-full",
  rateLimits: REQUEST_ACCOUNT_DELETE_LIMITS,
  handler: async (ctx, { caller }) => {
    const account = caller && (await ctx.accounts.byDid(caller.did));
    if (!account) throw new XrpcError(400, "InvalidRequest", "account not found");
    if (!account.email) throw new XrpcError(400, "InvalidRequest", "account does not have an email address");
    const token = await ctx.emailTokens.create(account.did, "delete_account");
    await ctx.mailer.send({
      to: account.email,
      subject: "Account Deletion Requested",
      text:
        `We received a request to delete the account ${account.handle} (${account.did}).\n\n` +
        `Your confirmation code is: ${token}\n\nIt is valid for 15 minutes. If you did not request ` +
        "this, do not share the code with anyone: with it and your password the account is deleted for good.\n",
    });
    return { empty: true };
  },
});
