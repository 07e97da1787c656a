// Mails the caller a token that confirms the account's current email address (confirmEmail).
import { assertNotTakenDown } from "../../../../account/takedown.ts";
import { confirmEmailMail } from "../../../../mailer/templates.ts";
import { REQUEST_EMAIL_CONFIRMATION_LIMITS } from "../../../../rate-limit/limits.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.requestEmailConfirmation",
  type: "procedure",
  auth: "access",
  rateLimits: REQUEST_EMAIL_CONFIRMATION_LIMITS,
  handler: async (ctx, { caller }) => {
    const account = caller && (await ctx.accounts.byDid(caller.did));
    if (!account) throw new XrpcError(400, "InvalidRequest", "account not found");
    assertNotTakenDown(account);
    if (!account.email) throw new XrpcError(400, "InvalidRequest", "account does not have an email address");
    const token = await ctx.emailTokens.create(account.did, "confirm_email");
    await ctx.mailer.send(confirmEmailMail(account.email, token));
    return { empty: true };
  },
});
