import { findAccount } from "../../../../account/resolve-repo.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method<{ repo: string; collection: string; rkey: string; cid?: string }>({
  nsid: "com.atproto.repo.getRecord",
  type: "query",
  auth: "none",
  handler: async (ctx, { params }) => {
    const account = await findAccount(ctx, params.repo);
    const uri = `at://${account?.did ?? params.repo}/${params.collection}/${params.rkey}`;
    const record =
      account && !account.deactivated_at && !account.takedown_ref
        ? await ctx.actors.get(account.did).records.get(params.collection, params.rkey)
        : null;
    if (!record || (params.cid && record.cid !== params.cid)) {
      throw new XrpcError(400, "RecordNotFound", `Could not locate record: ${uri}`);
    }
    return { json: record };
  },
});
