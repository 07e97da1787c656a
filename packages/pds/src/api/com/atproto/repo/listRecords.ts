import { findAccount } from "../../../../account/resolve-repo.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

interface Params {
  repo: string;
  collection: string;
  limit?: number;
  cursor?: string;
  reverse?: boolean;
}

export default method<Params>({
  nsid: "com.atproto.repo.listRecords",
  type: "query",
  auth: "none",
  handler: async (ctx, { params }) => {
    const account = await findAccount(ctx, params.repo);
    // Deactivated and taken-down repos are not listed, as in the official PDS.
    if (!account || account.deactivated_at || account.takedown_ref)
      throw new XrpcError(400, "InvalidRequest", `Could not find repo: ${params.repo}`);
    const page = await ctx.actors.get(account.did).records.list({
      collection: params.collection,
      limit: params.limit ?? 50,
      cursor: params.cursor,
      reverse: params.reverse,
    });
    return { json: page };
  },
});
