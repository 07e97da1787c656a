// Changes the account's email address: with the token requestEmailUpdate mailed once the current one
// is confirmed, without one before. The new address starts unconfirmed and earlier mailed tokens stop
// working. A refused address (malformed, or another account's) leaves the token usable.
import { z } from "zod";
import { EmailInUseError } from "../../../../account/credentials.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

const emailSchema = z.email();

export default method({
  nsid: "com.atproto.server.updateEmail",
  type: "procedure",
  auth: "access-full",
  handler: async (ctx, { caller, input }) => {
    const body = input as { email: string; token?: string };
    const email = body.email.trim().toLowerCase();
    if (!emailSchema.safeParse(email).success) {
      throw new XrpcError(
        400,
        "InvalidRequest",
        "This email address is not supported, please use a different email.",
      );
    }
    const account = caller && (await ctx.accounts.byDid(caller.did));
    if (!account) throw new XrpcError(400, "InvalidRequest", "account not found");
    if (account.takedown_ref) throw new XrpcError(401, "AccountTakedown", "Account has been taken down");
    if (account.email_confirmed_at && !body.token)
      throw new XrpcError(400, "TokenRequired", "confirmation token required");
    if (body.token) await ctx.emailTokens.assertValid(account.did, "update_email", body.token);
    try {
      await ctx.credentials.changeEmail(account.did, email, body.token ? "update_email" : undefined);
    } catch (err) {
      if (err instanceof EmailInUseError) throw new XrpcError(400, "InvalidRequest", err.message);
      throw err;
    }
    return { empty: true };
  },
});
