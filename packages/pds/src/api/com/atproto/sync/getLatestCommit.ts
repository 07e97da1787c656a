import { servableRepo } from "../../../../account/resolve-repo.ts";
import { method } from "../../../../xrpc/method.ts";

export default method<{ did: string }>({
  nsid: "com.atproto.sync.getLatestCommit",
  type: "query",
  auth: "none",
  handler: async (ctx, { params }) => {
    servableRepo(ctx, params.did);
    const root = ctx.actors.get(params.did).rootRow();
    if (!root) throw new Error(`repo of ${params.did} has no root`);
    return { json: { cid: root.cid.toString(), rev: root.rev } };
  },
});
