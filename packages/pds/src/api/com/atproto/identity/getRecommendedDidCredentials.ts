// What the caller's DID document should say for this PDS to host it (the new PDS's side of a
// migration, or a did:web account's document): our repo key for the account, our endpoint, the handle
// here and, for did:plc, our rotation key (a did:web has no rotation keys: its domain controls it).

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
        ...(account.did.startsWith("did:web:") ? {} : { rotationKeys: [ctx.rotationKey.did()] }),
        services: { atproto_pds: { type: "AtprotoPersonalDataServer", endpoint: ctx.cfg.publicUrl } },
      },
    };
  },
});
