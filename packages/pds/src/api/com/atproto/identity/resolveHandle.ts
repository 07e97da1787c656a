// Handles of this PDS's own accounts resolve locally; the devnet never looks handles up over DNS.
import { normalizeHandle } from "@atproto/syntax";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method<{ handle: string }>({
  nsid: "com.atproto.identity.resolveHandle",
  type: "query",
  auth: "none",
  handler: async (ctx, { params }) => {
    const account = await ctx.accounts.byHandle(normalizeHandle(params.handle));
    // A deactivated account (e.g. one that migrated away) no longer answers for its handle here.
    if (!account || account.deactivated_at || account.takedown_ref)
      throw new XrpcError(400, "HandleNotFound", "Unable to resolve handle");
    return { json: { did: account.did } };
  },
});
