// Deleting one's own account: a one-time token mailed first (so a stolen session alone cannot delete
// the account), then the DID, password and token together. For com.atproto.server.
// requestAccountDelete/deleteAccount and the OAuth account pages.
import { verifyPassword } from "../auth/password.ts";
import type { AppContext } from "../context.ts";
import { XrpcError } from "../xrpc/errors.ts";
import { deleteAccount } from "./delete-account.ts";

export async function requestAccountDelete(ctx: AppContext, did: string): Promise<void> {
  const account = await ctx.accounts.byDid(did);
  if (!account) throw new XrpcError(400, "InvalidRequest", "account not found");
  if (!account.email) throw new XrpcError(400, "InvalidRequest", "account does not have an email address");
  const token = await ctx.emailTokens.create(account.did, "delete_account");
  await ctx.mailer.send({
    to: account.email,
    subject: "Account Deletion Requested",
    text:
      `We received a request to delete the account ${account.handle} (${account.did}).\n\n` +
      `Your confirmation code is: ${token}\n\nIt is valid for 15 minutes. If you did not request ` +
      "this, do not share the code with anyone: with it and your password the account is deleted for good.\n",
  });
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
