import { accountStatus } from "../../../../account/status.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method<{ did: string }>({
  nsid: "com.atproto.sync.getRepoStatus",
  type: "query",
  auth: "none",
  handler: async (ctx, { params }) => {
    const account = await ctx.accounts.byDid(params.did);
    if (!account) throw new XrpcError(400, "RepoNotFound", `Could not find repo for DID: ${params.did}`);
    const status = accountStatus(account);
    const rev = (await ctx.accounts.root(params.did))?.rev;
    return {
      json: {
        did: account.did,
        active: status === "active",
        ...(status === "active" ? { rev } : { status }),
      },
    };
  },
});
