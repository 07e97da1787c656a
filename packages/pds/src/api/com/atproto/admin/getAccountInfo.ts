// One account as the administrator sees it (com.atproto.admin.defs#accountView), whatever its status.
import { accountView } from "../../../../account/admin-account-view.ts";
import { requireAccount } from "../../../../account/require-account.ts";
import { method } from "../../../../xrpc/method.ts";

export default method<{ did: string }>({
  nsid: "com.atproto.admin.getAccountInfo",
  type: "query",
  auth: "admin",
  handler: async (ctx, { params }) => {
    const account = await requireAccount(ctx, params.did, "NotFound");
    return { json: await accountView(ctx, account) };
  },
});
