import { accountStatus } from "../../../../account/status.ts";
import { method } from "../../../../xrpc/method.ts";

export default method<{ limit?: number; cursor?: string }>({
  nsid: "com.atproto.sync.listRepos",
  type: "query",
  auth: "none",
  handler: async (ctx, { params }) => {
    const limit = params.limit ?? 500;
    const rows = await ctx.accounts.listRepos(params.cursor, limit);
    const repos = rows.map((r) => {
      const status = accountStatus(r);
      return {
        did: r.did,
        head: r.cid,
        rev: r.rev,
        active: status === "active",
        ...(status === "active" ? {} : { status }),
      };
    });
    const last = rows[rows.length - 1];
    return { json: { repos, ...(rows.length === limit && last ? { cursor: last.did } : {}) } };
  },
});
