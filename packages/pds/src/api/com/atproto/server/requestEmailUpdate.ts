// Starts an email change. Once the current address is confirmed, changing it takes a token mailed to
// that address (so a stolen session alone cannot move the account's mail elsewhere); before that, no
// token is needed and none is sent. Full-access sessions only, as in the official PDS.
import { assertNotTakenDown } from "../../../../account/takedown.ts";
import { updateEmailMail } from "../../../../mailer/templates.ts";
import { REQUEST_EMAIL_UPDATE_LIMITS } from "../../../../rate-limit/limits.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.requestEmailUpdate",
  type: "procedure",
  auth: "access-full",
  rateLimits: REQUEST_EMAIL_UPDATE_LIMITS,
  handler: async (ctx, { caller }) => {
    const account = caller && (await ctx.accounts.byDid(caller.did));
    if (!account) throw new XrpcError(400, "InvalidRequest", "account not found");
    assertNotTakenDown(account);
    if (!account.email) throw new XrpcError(400, "InvalidRequest", "account does not have an email address");
    const tokenRequired = !!account.email_confirmed_at;
    if (tokenRequired) {
      const token = await ctx.emailTokens.create(account.did, "update_email");
      await ctx.mailer.send(updateEmailMail(account.email, token));
    }
    return { json: { tokenRequired } };
  },
});
