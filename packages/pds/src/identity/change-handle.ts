// Moving an account to a new (already normalized and validated) handle, for the account itself
// (com.atproto.identity.updateHandle) and for the administrator (com.atproto.admin.updateAccountHandle):
// the DID document first (a did:plc is updated with our rotation key; any other DID must already name
// the handle, as the official PDS checks), then the account DB, then an #identity event. A failure after
// the PLC update leaves the old handle here; repeating the call finishes the job (as in the official PDS).
// The DID's cached document and handles are dropped, so resolution answers the new handle at once.
import { emitAccountEvents, identityEvent } from "../account/account-events.ts";
import type { AppContext } from "../context.ts";
import { XrpcError } from "../xrpc/errors.ts";
import { documentHandle, invalidateIdentity } from "./identity-resolution.ts";
import { plcFailure, withHandle } from "./plc-ops.ts";

const taken = (handle: string) => new XrpcError(400, "HandleNotAvailable", `Handle already taken: ${handle}`);

export async function changeHandle(ctx: AppContext, did: string, handle: string): Promise<void> {
  const holder = await ctx.accounts.byHandle(handle);
  if (holder && holder.did !== did) throw taken(handle);
  if (did.startsWith("did:plc:")) {
    await ctx.plc
      .updateData(did, ctx.rotationKey, (data) => ({
        ...data,
        alsoKnownAs: withHandle(data.alsoKnownAs, handle),
      }))
      .catch((err) => {
        throw plcFailure(err);
      });
  } else if ((await claimedHandle(ctx, did)) !== handle) {
    throw new XrpcError(400, "InvalidRequest", "DID is not properly configured for handle");
  }
  invalidateIdentity(ctx, did);
  try {
    await ctx.accounts.updateHandle(did, handle);
  } catch (err) {
    if (/UNIQUE/.test((err as Error).message)) throw taken(handle);
    throw err;
  }
  ctx.handleResolver.invalidateHandle(handle);
  await emitAccountEvents(ctx, did, [identityEvent(did, handle)]);
}

// The handle a (non-PLC) DID document claims now (not from the cache: the user may just have changed it).
async function claimedHandle(ctx: AppContext, did: string): Promise<string | undefined> {
  const found = await ctx.didResolver.lookup(did, { fresh: true }).catch(() => null);
  return found?.status === "found" ? documentHandle(found.doc) : undefined;
}
