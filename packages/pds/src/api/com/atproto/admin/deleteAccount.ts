// Deletes an account for good, without its password or a mailed token: the same deletion as the
// account's own (account/delete-account.ts: sessions, repo, blobs, the firehose's earlier events; an
// #account with status deleted).
import { deleteAccount } from "../../../../account/delete-account.ts";
import { requireAccount } from "../../../../account/require-account.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.admin.deleteAccount",
  type: "procedure",
  auth: "admin",
  handler: async (ctx, { input }) => {
    const account = await requireAccount(ctx, (input as { did: string }).did);
    await deleteAccount(ctx, account.did);
    return { empty: true };
  },
});
