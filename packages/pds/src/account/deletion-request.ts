// Deleting one's own account: a one-time token mailed first (so a stolen session alone cannot delete
// the account), then the DID, password and token together. For com.atproto.server.
// requestAccountDelete/deleteAccount and the OAuth account pages.
import { verifyPassword } from "../auth/password.ts";
import type { AppContext } from "../context.ts";
import { accountDeleteMail } from "../mailer/templates.ts";
import { XrpcError } from "../xrpc/errors.ts";
import { deleteAccount } from "./delete-account.ts";
import { mailAddressOf } from "./live-account.ts";

export async function requestAccountDelete(ctx: AppContext, did: string): Promise<void> {
  const account = await ctx.accounts.byDid(did);
  if (!account) throw new XrpcError(400, "InvalidRequest", "account not found");
  const to = mailAddressOf(account);
  const token = await ctx.emailTokens.create(account.did, "delete_account");
  await ctx.mailer.send(accountDeleteMail(to, account.handle, account.did, token));
}

export async function confirmAccountDelete(
  ctx: AppContext,
  did: string,
  password: string,
  token: string,
): Promise<void> {
  const account = await ctx.accounts.byDid(did);
  if (!account) throw new XrpcError(400, "InvalidRequest", "account not found");
  if (!(await verifyPassword(password, account.password_scrypt)))
    throw new XrpcError(401, "AuthenticationRequired", "Invalid did or password");
  await ctx.emailTokens.consume(did, "delete_account", token);
  await deleteAccount(ctx, did);
}
