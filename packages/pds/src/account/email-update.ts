// Changing the account's email address, for com.atproto.server.requestEmailUpdate/updateEmail and the
// OAuth account pages. Once the current address is confirmed, a change takes a token mailed to it (a
// stolen session alone cannot move the account's mail elsewhere); before that no token is needed and
// none is sent. The new address starts unconfirmed; a refused address leaves the token usable.
import type { AppContext } from "../context.ts";
import { updateEmailMail } from "../mailer/templates.ts";
import { XrpcError } from "../xrpc/errors.ts";
import { mailAddressOf, requireLiveAccount } from "./live-account.ts";
import { changeEmail, normalizeNewEmail } from "./new-email.ts";

export async function requestEmailUpdate(ctx: AppContext, did: string): Promise<{ tokenRequired: boolean }> {
  const account = await requireLiveAccount(ctx, did);
  const to = mailAddressOf(account);
  const tokenRequired = !!account.email_confirmed_at;
  if (tokenRequired) {
    const token = await ctx.emailTokens.create(account.did, "update_email");
    await ctx.mailer.send(updateEmailMail(to, token));
  }
  return { tokenRequired };
}

export async function updateEmail(ctx: AppContext, did: string, rawEmail: string, token?: string) {
  const email = normalizeNewEmail(rawEmail);
  const account = await requireLiveAccount(ctx, did);
  if (account.email_confirmed_at && !token)
    throw new XrpcError(400, "TokenRequired", "confirmation token required");
  if (token) await ctx.emailTokens.assertValid(account.did, "update_email", token);
  await changeEmail(ctx, account.did, email, token ? "update_email" : undefined);
}
