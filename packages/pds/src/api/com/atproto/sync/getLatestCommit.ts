import { servableRepo } from "../../../../account/resolve-repo.ts";
import { method } from "../../../../xrpc/method.ts";

export default method<{ did: string }>({
  nsid: "com.atproto.sync.getLatestCommit",
  type: "query",
  auth: "none",
  handler: async (ctx, { params }) => {
    await servableRepo(ctx, params.did);
    const root = await ctx.actors.get(params.did).repo.root();
    if (!root) throw new Error(`repo of ${params.did} has no root`);
    return { json: { cid: root.cid.toString(), rev: root.rev } };
  },
});
