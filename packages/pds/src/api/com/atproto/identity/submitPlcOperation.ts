// Relays a signed PLC operation for the caller's DID to the directory, after checking it keeps the
// account hostable here (our rotation key, endpoint, repo key and handle): the new PDS's side of a
// migration. Announced with #identity so consumers re-resolve the DID.

import { emitAccountEvents, identityEvent } from "../../../../account/account-events.ts";
import { authorizeIdentity } from "../../../../auth/oauth-permissions.ts";
import { parseOrInvalid, plcFailure, plcOperationSchema } from "../../../../identity/plc-ops.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.identity.submitPlcOperation",
  type: "procedure",
  auth: "access",
  oauth: authorizeIdentity("*"),
  handler: async (ctx, { input, caller }) => {
    const account = caller && (await ctx.accounts.byDid(caller.did));
    if (!account) throw new XrpcError(400, "InvalidRequest", "Could not find user info for account");
    const op = parseOrInvalid(plcOperationSchema, (input as { operation: unknown }).operation, "operation");
    const fail = (message: string) => new XrpcError(400, "InvalidRequest", message);
    if (!op.rotationKeys.includes(ctx.rotationKey.did()))
      throw fail("Rotation keys do not include server's rotation key");
    const pds = op.services.atproto_pds;
    if (pds?.type !== "AtprotoPersonalDataServer") throw fail("Incorrect type on atproto_pds service");
    if (pds.endpoint !== ctx.cfg.publicUrl) throw fail("Incorrect endpoint on atproto_pds service");
    const signingKey = await ctx.actors.get(account.did).getKeypair();
    if (op.verificationMethods.atproto !== signingKey.did()) throw fail("Incorrect signing key");
    if (op.alsoKnownAs[0] !== `at://${account.handle}`) throw fail("Incorrect handle in alsoKnownAs");
    await ctx.plc.sendOperation(account.did, op).catch((err) => {
      throw plcFailure(err);
    });
    await emitAccountEvents(ctx, account.did, [identityEvent(account.did, account.handle)]);
    return { empty: true };
  },
});
