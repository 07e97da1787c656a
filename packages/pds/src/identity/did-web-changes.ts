// Announces a changed did:web document of one of our accounts with an #identity event, the way our
// own handle and PLC changes are announced: the DID's host tells nobody, so the change shows when we
// fetch the document again (refreshIdentity, a stale cache entry refreshed in the background, any
// fresh lookup) and did-resolver.ts finds it differs from the last one seen. The event makes relays
// and AppViews re-resolve the identity; our own caches drop it too (identity-events.ts).
import { emitAccountEvents, identityEvent } from "../account/account-events.ts";
import type { AppContext } from "../context.ts";

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
  await emitAccountEvents(ctx, did, [identityEvent(did, account.handle)]);
}
