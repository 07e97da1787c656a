// Changes the caller's handle (identity/change-handle.ts: DID document, account DB, #identity event).
import { assertNotTakenDown } from "../../../../account/takedown.ts";
import { changeHandle } from "../../../../identity/change-handle.ts";
import { normalizeServiceHandle } from "../../../../identity/handle.ts";
import { UPDATE_HANDLE_LIMITS } from "../../../../rate-limit/limits.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.identity.updateHandle",
  type: "procedure",
  auth: "access",
  rateLimits: UPDATE_HANDLE_LIMITS,
  handler: async (ctx, { input, caller }) => {
    const account = caller && (await ctx.accounts.byDid(caller.did));
    if (!account) throw new XrpcError(400, "InvalidRequest", "Could not find user info for account");
    assertNotTakenDown(account);
    const handle = normalizeServiceHandle(ctx, (input as { handle: string }).handle);
    await changeHandle(ctx, account.did, handle);
    return { empty: true };
  },
});
