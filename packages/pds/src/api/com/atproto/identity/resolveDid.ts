// DID -> DID document (did:plc from our PLC directory, did:web from its host), through the cache.
import { resolveDidDocument } from "../../../../identity/identity-resolution.ts";
import { method } from "../../../../xrpc/method.ts";

export default method<{ did: string }>({
  nsid: "com.atproto.identity.resolveDid",
  type: "query",
  auth: "none",
  handler: async (ctx, { params }) => {
    return { json: { didDoc: await resolveDidDocument(ctx, params.did) } };
  },
});
