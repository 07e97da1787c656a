// Mails the caller a one-time token that signPlcOperation requires, so a stolen session alone cannot
// move the identity away. Without SMTP the dev mailer logs it (see mailer/mailer.ts).

import { mailAddressOf } from "../../../../account/live-account.ts";
import { authorizeIdentity } from "../../../../auth/oauth-permissions.ts";
import { plcOperationMail } from "../../../../mailer/templates.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.identity.requestPlcOperationSignature",
  type: "procedure",
  auth: "access-full",
  oauth: authorizeIdentity("*"),
  handler: async (ctx, { caller }) => {
    const account = caller && (await ctx.accounts.byDid(caller.did));
    if (!account) throw new XrpcError(400, "InvalidRequest", "account not found");
    const to = mailAddressOf(account);
    const token = await ctx.emailTokens.create(account.did, "plc_operation");
    await ctx.mailer.send(plcOperationMail(to, account.handle, account.did, token));
    return { empty: true };
  },
});
