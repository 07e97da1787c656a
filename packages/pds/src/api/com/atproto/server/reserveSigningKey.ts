// A signing key for an account about to migrate in, reserved before the account exists (so no auth,
// as the official PDS): createAccount with that DID uses it (account/reserved-keys.ts).
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.reserveSigningKey",
  type: "procedure",
  auth: "none",
  handler: async (ctx, { input }) => {
    const did = (input as { did?: string } | undefined)?.did;
    return { json: { signingKey: await ctx.reservedKeys.reserve(did) } };
  },
});
