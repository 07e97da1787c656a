// Account takedowns, as the official PDS applies them: a taken-down account cannot sign in or act
// (AccountTakedown), its sessions end, and the firehose hears of it (#account active: false, status
// takendown); restoring it announces its status again (active unless it is also deactivated).
import type { AppContext } from "../context.ts";
import { XrpcError } from "../xrpc/errors.ts";
import { announceAccountStatus } from "./account-events.ts";
import type { AccountRow } from "./types.ts";

/** The refusal every handler acting for the account itself gives once it is taken down. */
export function assertNotTakenDown(account: Pick<AccountRow, "takedown_ref">): void {
  if (account.takedown_ref) throw new XrpcError(401, "AccountTakedown", "Account has been taken down");
}

/**
 * Takes the account down under `ref` (null restores it). Taking down ends every login of the account,
 * access tokens included (the official PDS revokes its refresh tokens); a restored account signs in
 * again. False when there is no such account.
 */
export async function setAccountTakedown(ctx: AppContext, did: string, ref: string | null): Promise<boolean> {
  if (!(await ctx.accounts.setTakedown(did, ref))) return false;
  // After the column is set: a login made in between is refused by createSession, or ended here.
  if (ref) ctx.revocations.endSessions(did, () => {});
  await announceAccountStatus(ctx, did);
  return true;
}
