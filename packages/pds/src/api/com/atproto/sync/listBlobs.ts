// CIDs of the blobs the repo's records reference (optionally only of records written after `since`),
// paged by CID as the official PDS does.
import { servableRepo } from "../../../../account/resolve-repo.ts";
import { method } from "../../../../xrpc/method.ts";

export default method<{ did: string; since?: string; limit?: number; cursor?: string }>({
  nsid: "com.atproto.sync.listBlobs",
  type: "query",
  auth: "none",
  handler: async (ctx, { params }) => {
    await servableRepo(ctx, params.did);
    const limit = params.limit ?? 500;
    const cids = await ctx.actors.get(params.did).blobs.listReferenced({
      since: params.since,
      cursor: params.cursor,
      limit,
    });
    const last = cids[cids.length - 1];
    return { json: { cids, ...(cids.length === limit && last ? { cursor: last } : {}) } };
  },
});
