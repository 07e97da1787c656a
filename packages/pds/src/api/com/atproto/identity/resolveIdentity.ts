// Handle or DID -> DID, DID document and the handle, verified both ways (else `handle.invalid`).
import { resolveIdentity } from "../../../../identity/identity-resolution.ts";
import { method } from "../../../../xrpc/method.ts";

export default method<{ identifier: string }>({
  nsid: "com.atproto.identity.resolveIdentity",
  type: "query",
  auth: "none",
  handler: async (ctx, { params }) => {
    return { json: { ...(await resolveIdentity(ctx, params.identifier)) } };
  },
});
