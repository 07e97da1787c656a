// Confirming the account's email address with a mailed token, for com.atproto.server.
// requestEmailConfirmation/confirmEmail and the OAuth account pages. The address given must be the
// current one: the token proves access to that mailbox, not another.
import type { AppContext } from "../context.ts";
import { confirmEmailMail } from "../mailer/templates.ts";
import { XrpcError } from "../xrpc/errors.ts";
import { mailAddressOf, requireLiveAccount } from "./live-account.ts";

export async function requestEmailConfirmation(ctx: AppContext, did: string): Promise<void> {
  const account = await requireLiveAccount(ctx, did);
  const to = mailAddressOf(account);
  const token = await ctx.emailTokens.create(account.did, "confirm_email");
  await ctx.mailer.send(confirmEmailMail(to, token));
}

export async function confirmEmail(
  ctx: AppContext,
  did: string,
  email: string,
  token: string,
): Promise<void> {
  const account = await requireLiveAccount(ctx, did, new XrpcError(400, "AccountNotFound", "user not found"));
  if (!account.email || account.email !== email.trim().toLowerCase())
    throw new XrpcError(400, "InvalidEmail", "invalid email");
  await ctx.emailTokens.assertValid(account.did, "confirm_email", token);
  await ctx.credentials.confirmEmail(account.did);
}
