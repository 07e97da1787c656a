// Confirms the account's email address with the token requestEmailConfirmation mailed to it; the
// address given must be the current one (the token proves access to that mailbox, not another).
import { assertNotTakenDown } from "../../../../account/takedown.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.confirmEmail",
  type: "procedure",
  auth: "access",
  handler: async (ctx, { caller, input }) => {
    const { email, token } = input as { email: string; token: string };
    const account = caller && (await ctx.accounts.byDid(caller.did));
    if (!account) throw new XrpcError(400, "AccountNotFound", "user not found");
    assertNotTakenDown(account);
    if (!account.email || account.email !== email.trim().toLowerCase())
      throw new XrpcError(400, "InvalidEmail", "invalid email");
    await ctx.emailTokens.assertValid(account.did, "confirm_email", token);
    await ctx.credentials.confirmEmail(account.did);
    return { empty: true };
  },
});
