// Handle -> DID: our own accounts locally, any other handle by DNS TXT / HTTPS well-known through the
// cached resolver (identity/identity-resolution.ts). Not bidirectionally verified, as the lexicon says.
import { resolveHandleToDid } from "../../../../identity/identity-resolution.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method<{ handle: string }>({
  nsid: "com.atproto.identity.resolveHandle",
  type: "query",
  auth: "none",
  handler: async (ctx, { params }) => {
    const did = await resolveHandleToDid(ctx, params.handle);
    if (!did) throw new XrpcError(400, "HandleNotFound", "Unable to resolve handle");
    return { json: { did } };
  },
});
