// Deprecated for getLatestCommit, still served as the official PDS does: the repo's root commit CID.
import { servableRepo } from "../../../../account/resolve-repo.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method<{ did: string }>({
  nsid: "com.atproto.sync.getHead",
  type: "query",
  auth: "none",
  handler: async (ctx, { params }) => {
    await servableRepo(ctx, params.did);
    const root = await ctx.actors.get(params.did).repo.root();
    if (!root) throw new XrpcError(400, "HeadNotFound", `Could not find root for DID: ${params.did}`);
    return { json: { root: root.cid.toString() } };
  },
});
