// Activating and deactivating an account, each announced on the firehose. Activation (the last step of
// a migration in) first checks that the DID document points here, then announces #account, #identity
// and a #sync with the current commit, so consumers resume the repo from this PDS.
import type { AppContext } from "../context.ts";
import { assertDidDocForService } from "../identity/service-did-doc.ts";
import { XrpcError } from "../xrpc/errors.ts";
import { accountEvent, emitAccountEvents, identityEvent } from "./account-events.ts";
import { accountStatus } from "./status.ts";

export async function activateAccount(ctx: AppContext, did: string): Promise<void> {
  const account = await ctx.accounts.byDid(did);
  if (!account) throw new XrpcError(400, "AccountNotFound", "user not found");
  if (account.takedown_ref) throw new XrpcError(400, "AccountNotFound", "user not found");
  await assertDidDocForService(ctx, did);
  await ctx.accounts.setDeactivated(did, false);
  await emitAccountEvents(ctx, did, [accountEvent(did, "active"), identityEvent(did, account.handle)], {
    sync: true,
  });
}

export async function deactivateAccount(ctx: AppContext, did: string): Promise<void> {
  const account = await ctx.accounts.byDid(did);
  if (!account) throw new XrpcError(400, "InvalidRequest", "Account not found");
  await ctx.accounts.setDeactivated(did, true);
  const status = accountStatus({ ...account, deactivated_at: account.deactivated_at ?? "now" });
  await emitAccountEvents(ctx, did, [accountEvent(did, status)]);
}
