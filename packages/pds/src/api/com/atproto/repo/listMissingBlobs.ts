// Blobs the caller's records reference but this PDS does not hold: after importRepo, the list of what
// a migrating account still has to upload.

import { allowOAuth } from "../../../../auth/oauth-permissions.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method<{ limit?: number; cursor?: string }>({
  nsid: "com.atproto.repo.listMissingBlobs",
  type: "query",
  auth: "access",
  oauth: allowOAuth,
  handler: async (ctx, { params, caller }) => {
    if (!caller) throw new XrpcError(401, "AuthenticationRequired", "Authentication Required");
    const limit = params.limit ?? 500;
    const blobs = await ctx.actors.get(caller.did).blobs.listMissing({ cursor: params.cursor, limit });
    const last = blobs[blobs.length - 1];
    return { json: { blobs, ...(blobs.length === limit && last ? { cursor: last.cid } : {}) } };
  },
});
