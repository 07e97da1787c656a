// The account an administrator's call names, by DID or handle, including deactivated and taken-down
// ones; 400 when there is none (the official PDS's "Account not found", with the error name its
// method uses).
import type { AppContext } from "../context.ts";
import { XrpcError } from "../xrpc/errors.ts";
import { findAccount } from "./resolve-repo.ts";
import type { AccountRow } from "./types.ts";

export async function requireAccount(
  ctx: AppContext,
  identifier: string,
  error = "InvalidRequest",
): Promise<AccountRow> {
  const account = await findAccount(ctx, identifier);
  if (!account) throw new XrpcError(400, error, `Account not found: ${identifier}`);
  return account;
}
