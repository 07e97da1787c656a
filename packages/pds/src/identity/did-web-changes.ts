// Announces a changed did:web document of one of our accounts with an #identity event, the way our
// own handle and PLC changes are announced: the DID's host tells nobody, so the change shows when we
// fetch the document again (refreshIdentity, a stale cache entry refreshed in the background, any
// fresh lookup) and did-resolver.ts finds it differs from the last one seen. The event makes relays
// and AppViews re-resolve the identity; our own caches drop it too (identity-events.ts).
//
// A document that now claims another handle on a domain the user controls, and that domain names the
// DID back (DNS or HTTPS, verified afresh), moves the account to it: the user changed the handle where
// a did:web's handle lives. A claimed handle under our own domains is not taken this way (those are
// handed out by updateHandle, which checks availability and reservations), nor one that fails to verify.
import { emitAccountEvents, identityEvent } from "../account/account-events.ts";
import type { AccountRow } from "../account/types.ts";
import type { AppContext } from "../context.ts";
import { normalizeAccountHandle } from "./account-handle.ts";
import { isServiceHandle } from "./handle.ts";
import { documentHandle } from "./identity-resolution.ts";

export function announceDidWebChanges(ctx: AppContext): () => void {
  return ctx.didResolver.onDidWebChange((did) => {
    void announce(ctx, did).catch((err) =>
      ctx.logger.error({ err, did }, "could not announce did:web change"),
    );
  });
}

async function announce(ctx: AppContext, did: string): Promise<void> {
  const account = await ctx.accounts.byDid(did);
  // A deactivated account (not yet activated after creation or migration) stays silent, as it does
  // for its commits; activateAccount announces its identity.
  if (!account || account.deactivated_at || account.takedown_ref) return;
  const handle = (await adoptClaimedHandle(ctx, account)) ?? account.handle;
  await emitAccountEvents(ctx, did, [identityEvent(did, handle)]);
}

// The handle the document now claims, once the account holds it; undefined when it keeps its own.
async function adoptClaimedHandle(ctx: AppContext, account: AccountRow): Promise<string | undefined> {
  const found = await ctx.didResolver.lookup(account.did).catch(() => null);
  const claimed = found?.status === "found" ? documentHandle(found.doc) : undefined;
  if (!claimed || claimed === account.handle || isServiceHandle(ctx.cfg.handleDomains, claimed)) return;
  try {
    const handle = await normalizeAccountHandle(ctx, account.did, claimed);
    const holder = await ctx.accounts.byHandle(handle);
    if (holder && holder.did !== account.did) throw new Error(`${handle} is held by ${holder.did}`);
    await ctx.accounts.updateHandle(account.did, handle);
    ctx.handleResolver.invalidateHandle(account.handle);
    return handle;
  } catch (err) {
    ctx.logger.info(
      { did: account.did, claimed, reason: (err as Error).message },
      "did:web handle not adopted",
    );
    return undefined;
  }
}
