// Changes the caller's handle: the PLC document first (signed with our rotation key), then the account
// DB, then an #identity event. A failure after the PLC update leaves the old handle here; repeating
// the call finishes the job (as in the official PDS).
import { emitAccountEvents, identityEvent } from "../../../../account/account-events.ts";
import { normalizeServiceHandle } from "../../../../identity/handle.ts";
import { plcFailure, withHandle } from "../../../../identity/plc-ops.ts";
import { UPDATE_HANDLE_LIMITS } from "../../../../rate-limit/limits.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

const taken = (handle: string) => new XrpcError(400, "HandleNotAvailable", `Handle already taken: ${handle}`);

export default method({
  nsid: "com.atproto.identity.updateHandle",
  type: "procedure",
  auth: "access",
  rateLimits: UPDATE_HANDLE_LIMITS,
  handler: async (ctx, { input, caller }) => {
    const account = caller && (await ctx.accounts.byDid(caller.did));
    if (!account) throw new XrpcError(400, "InvalidRequest", "Could not find user info for account");
    if (account.takedown_ref) throw new XrpcError(401, "AccountTakedown", "Account has been taken down");
    const handle = normalizeServiceHandle(ctx, (input as { handle: string }).handle);
    const holder = await ctx.accounts.byHandle(handle);
    if (holder && holder.did !== account.did) throw taken(handle);
    await ctx.plc
      .updateData(account.did, ctx.rotationKey, (data) => ({
        ...data,
        alsoKnownAs: withHandle(data.alsoKnownAs, handle),
      }))
      .catch((err) => {
        throw plcFailure(err);
      });
    try {
      await ctx.accounts.updateHandle(account.did, handle);
    } catch (err) {
      if (/UNIQUE/.test((err as Error).message)) throw taken(handle);
      throw err;
    }
    await emitAccountEvents(ctx, account.did, [identityEvent(account.did, handle)]);
    return { empty: true };
  },
});
