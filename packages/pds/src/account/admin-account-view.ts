// com.atproto.admin.defs#accountView: an account as the administrator sees it, built from the account
// row and its invite codes the way the official PDS's formatAccountInfo does (this PDS manages its own
// invites, so invites, invitedBy and invitesDisabled are always present or computed).
import type { AppContext } from "../context.ts";
import type { InviteCodeDetail } from "./earned-invites.ts";
import type { AccountRow } from "./types.ts";

export interface AccountView {
  did: string;
  handle: string;
  email?: string;
  indexedAt: string;
  emailConfirmedAt?: string;
  invitedBy?: InviteCodeDetail;
  invites: InviteCodeDetail[];
  invitesDisabled: boolean;
  deactivatedAt?: string;
}

export async function accountView(
  ctx: Pick<AppContext, "invites">,
  account: AccountRow,
): Promise<AccountView> {
  const [invites, invitedBy] = await Promise.all([
    ctx.invites.codesFor(account.did),
    ctx.invites.invitedBy(account.did),
  ]);
  return {
    did: account.did,
    handle: account.handle,
    email: account.email ?? undefined,
    indexedAt: account.created_at,
    emailConfirmedAt: account.email_confirmed_at ?? undefined,
    invitedBy,
    invites,
    invitesDisabled: account.invites_disabled === 1,
    deactivatedAt: account.deactivated_at ?? undefined,
  };
}
