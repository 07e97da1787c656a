// com.atproto.admin.disable/enableAccountInvites: the account-level invite switch, for an account
// that exists (400 otherwise; the official PDS silently changes nothing).
import type { AppContext } from "../context.ts";
import { XrpcError } from "../xrpc/errors.ts";

export async function setAccountInvites(ctx: AppContext, did: string, enabled: boolean): Promise<void> {
  if (!(await ctx.invites.setAccountInvitesDisabled(did, !enabled)))
    throw new XrpcError(400, "InvalidRequest", `Account not found: ${did}`);
}
