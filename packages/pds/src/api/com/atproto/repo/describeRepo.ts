import { findAccount, servableRepo } from "../../../../account/resolve-repo.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method<{ repo: string }>({
  nsid: "com.atproto.repo.describeRepo",
  type: "query",
  auth: "none",
  handler: async (ctx, { params }) => {
    const account = await findAccount(ctx, params.repo);
    if (!account) throw new XrpcError(400, "InvalidRequest", `Could not find user: ${params.repo}`);
    // A deactivated or taken-down repo is described by its status only, as in the official PDS.
    await servableRepo(ctx, account.did);
    const didDoc = await ctx.plc.getDocument(account.did).catch(() => null);
    const handleIsCorrect = !!didDoc?.alsoKnownAs?.includes(`at://${account.handle}`);
    return {
      json: {
        handle: account.handle,
        did: account.did,
        didDoc: didDoc ?? {},
        collections: await ctx.actors.get(account.did).records.collections(),
        handleIsCorrect,
      },
    };
  },
});
