// createAccount's use of invite codes, when the PDS requires them: checked before anything is
// registered (a refused code costs no DID), and recorded once the account row exists, checked again in
// that transaction since a concurrent sign-up may have used the code up in between.
import type { AppContext } from "../context.ts";
import { XrpcError } from "../xrpc/errors.ts";

type InviteContext = Pick<AppContext, "cfg" | "invites" | "accounts">;

export async function assertInviteAccepted(ctx: InviteContext, code: string | undefined): Promise<void> {
  if (!ctx.cfg.inviteRequired) return;
  if (!code) throw new XrpcError(400, "InvalidInviteCode", "No invite code provided");
  await ctx.invites.assertAvailable(code);
}

// A code lost to a concurrent sign-up takes the just-inserted account row away again: the caller
// removes the rest (the repo) as for any failed creation.
export async function redeemInvite(ctx: InviteContext, code: string | undefined, did: string): Promise<void> {
  if (!ctx.cfg.inviteRequired || !code) return;
  try {
    await ctx.invites.redeem(code, did);
  } catch (err) {
    await ctx.accounts.beginDeletion(did);
    await ctx.accounts.finishDeletion(did);
    throw err;
  }
}
