// Changes the account's email address: with the token requestEmailUpdate mailed once the current one
// is confirmed, without one before. The new address starts unconfirmed and earlier mailed tokens stop
// working. A refused address (malformed, or another account's) leaves the token usable.
import { changeEmail, normalizeNewEmail } from "../../../../account/new-email.ts";
import { assertNotTakenDown } from "../../../../account/takedown.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.updateEmail",
  type: "procedure",
  auth: "access-full",
  handler: async (ctx, { caller, input }) => {
    const body = input as { email: string; token?: string };
    const email = normalizeNewEmail(body.email);
    const account = caller && (await ctx.accounts.byDid(caller.did));
    if (!account) throw new XrpcError(400, "InvalidRequest", "account not found");
    assertNotTakenDown(account);
    if (account.email_confirmed_at && !body.token)
      throw new XrpcError(400, "TokenRequired", "confirmation token required");
    if (body.token) await ctx.emailTokens.assertValid(account.did, "update_email", body.token);
    await changeEmail(ctx, account.did, email, body.token ? "update_email" : undefined);
    return { empty: true };
  },
});
