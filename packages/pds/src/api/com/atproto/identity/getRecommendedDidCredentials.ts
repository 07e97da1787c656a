// What the caller's DID document should say for this PDS to host it (the new PDS's side of a
// migration): our repo key for the account, our rotation key, our endpoint and the handle here.

import { allowOAuth } from "../../../../auth/oauth-permissions.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.identity.getRecommendedDidCredentials",
  type: "query",
  auth: "access",
  oauth: allowOAuth,
  handler: async (ctx, { caller }) => {
    const account = caller && (await ctx.accounts.byDid(caller.did));
    if (!account) throw new XrpcError(400, "InvalidRequest", "Could not find user info for account");
    const signingKey = await ctx.actors.get(account.did).getKeypair();
    return {
      json: {
        alsoKnownAs: [`at://${account.handle}`],
        verificationMethods: { atproto: signingKey.did() },
        rotationKeys: [ctx.rotationKey.did()],
        services: { atproto_pds: { type: "AtprotoPersonalDataServer", endpoint: ctx.cfg.publicUrl } },
      },
    };
  },
});
