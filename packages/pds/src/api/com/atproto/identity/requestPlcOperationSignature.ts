// Mails the caller a one-time token that signPlcOperation requires, so a stolen session alone cannot
// move the identity away. Without SMTP the dev mailer logs it (see mailer/mailer.ts).

import { authorizeIdentity } from "../../../../auth/oauth-permissions.ts";
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
    if (!account.email) throw new XrpcError(400, "InvalidRequest", "account does not have an email address");
    const token = await ctx.emailTokens.create(account.did, "plc_operation");
    await ctx.mailer.send({
      to: account.email,
      subject: "PLC Update Operation Requested",
      text:
        `We received a request to update the DID document of ${account.handle} (${account.did}).\n\n` +
        `Your confirmation code is: ${token}\n\nIt is valid for 15 minutes. If you did not request ` +
        "this, do not share the code with anyone.\n",
    });
    return { empty: true };
  },
});
