// Password reset by mailed token, for com.atproto.server.requestPasswordReset/resetPassword and the
// OAuth pages' "forgot password". Resetting ends every session of the account (credentials.ts).
import { assertNewPasswordLength, hashPassword } from "../auth/password.ts";
import type { AppContext } from "../context.ts";
import { resetPasswordMail } from "../mailer/templates.ts";
import type { AccountRow } from "./types.ts";

/** Mails a reset token to the account with this address; undefined (nothing sent) when there is none. */
export async function sendPasswordReset(ctx: AppContext, rawEmail: string): Promise<AccountRow | undefined> {
  const account = await ctx.accounts.byEmail(rawEmail.trim().toLowerCase());
  if (!account?.email) return undefined;
  const token = await ctx.emailTokens.create(account.did, "reset_password");
  await ctx.mailer.send(resetPasswordMail(account.email, account.handle, token));
  return account;
}

/** Sets the new password with a mailed token; returns the account's DID. */
export async function resetPassword(ctx: AppContext, token: string, password: string): Promise<string> {
  assertNewPasswordLength(password);
  const did = await ctx.emailTokens.consumeAnyAccount("reset_password", token);
  await ctx.credentials.resetPassword(did, await hashPassword(password));
  return did;
}
