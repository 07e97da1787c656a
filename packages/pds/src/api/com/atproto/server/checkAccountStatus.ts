// What a migrating account has on this PDS so far: repo head and size, records, expected vs imported
// blobs, and whether its DID document points here yet.

import { allowOAuth } from "../../../../auth/oauth-permissions.ts";
import { didDocIsForService } from "../../../../identity/service-did-doc.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.checkAccountStatus",
  type: "query",
  auth: "access",
  oauth: allowOAuth,
  handler: async (ctx, { caller }) => {
    const account = caller && (await ctx.accounts.byDid(caller.did));
    if (!account) throw new XrpcError(400, "InvalidRequest", "Could not find user info for account");
    const actor = ctx.actors.get(account.did);
    const root = await actor.repo.root();
    if (!root) throw new Error(`repo of ${account.did} has no root`);
    const blobs = await actor.blobs.counts();
    return {
      json: {
        activated: !account.deactivated_at,
        validDid: await didDocIsForService(ctx, account.did),
        repoCommit: root.cid.toString(),
        repoRev: root.rev,
        repoBlocks: await actor.repo.blockCount(),
        indexedRecords: await actor.records.count(),
        privateStateValues: 0,
        expectedBlobs: blobs.expected,
        importedBlobs: blobs.imported,
      },
    };
  },
});
