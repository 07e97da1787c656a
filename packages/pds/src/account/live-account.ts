// The account a signed-in caller acts for: it must exist and not be taken down.
import type { AppContext } from "../context.ts";
import { XrpcError } from "../xrpc/errors.ts";
import { assertNotTakenDown } from "./takedown.ts";
import type { AccountRow } from "./types.ts";

export async function requireLiveAccount(
  ctx: Pick<AppContext, "accounts">,
  did: string,
  notFound: XrpcError = new XrpcError(400, "InvalidRequest", "account not found"),
): Promise<AccountRow> {
  const account = await ctx.accounts.byDid(did);
  if (!account) throw notFound;
  assertNotTakenDown(account);
  return account;
}

// The address a token mail goes to: without one there is nothing to send the token to.
export function mailAddressOf(account: Pick<AccountRow, "email">): string {
  if (!account.email) throw new XrpcError(400, "InvalidRequest", "account does not have an email address");
  return account.email;
}
