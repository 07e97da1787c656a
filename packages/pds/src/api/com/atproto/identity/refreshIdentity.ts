// resolveIdentity without the caches: the handle and DID document are looked up again and the fresh
// answers replace the cached ones. A session is required (the lexicon lets the server decide) so that
// anonymous callers cannot make this server query DNS, PLC and did:web hosts at will.
import { allowOAuth } from "../../../../auth/oauth-permissions.ts";
import { resolveIdentity } from "../../../../identity/identity-resolution.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.identity.refreshIdentity",
  type: "procedure",
  auth: "access",
  oauth: allowOAuth,
  handler: async (ctx, { input }) => {
    const { identifier } = input as { identifier: string };
    return { json: { ...(await resolveIdentity(ctx, identifier, { fresh: true })) } };
  },
});
