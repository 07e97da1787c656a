// Moving an account to a new (already normalized and validated) handle, for the account itself
// (com.atproto.identity.updateHandle) and for the administrator (com.atproto.admin.updateAccountHandle):
// the DID document first (a did:plc is updated with our rotation key; any other DID must already name
// the handle, as the official PDS checks), then the account DB, then an #identity event. A failure after
// the PLC update leaves the old handle here; repeating the call finishes the job (as in the official PDS).
import { emitAccountEvents, identityEvent } from "../account/account-events.ts";
import type { AppContext } from "../context.ts";
import { XrpcError } from "../xrpc/errors.ts";
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
  } else if ((await documentHandle(ctx, did)) !== handle) {
    throw new XrpcError(400, "InvalidRequest", "DID is not properly configured for handle");
  }
  try {
    await ctx.accounts.updateHandle(did, handle);
  } catch (err) {
    if (/UNIQUE/.test((err as Error).message)) throw taken(handle);
    throw err;
  }
  await emitAccountEvents(ctx, did, [identityEvent(did, handle)]);
}

// The handle a (non-PLC) DID document claims: its first at:// alias.
async function documentHandle(ctx: AppContext, did: string): Promise<string | undefined> {
  const doc = await ctx.didResolver.resolve(did).catch(() => null);
  const aka = doc?.alsoKnownAs?.find((a) => a.startsWith("at://"));
  return aka?.slice("at://".length).toLowerCase();
}
