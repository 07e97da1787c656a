// Several accounts as the administrator sees them; DIDs with no account here are left out, as the
// official PDS does.
import { accountView } from "../../../../account/admin-account-view.ts";
import { method } from "../../../../xrpc/method.ts";

export default method<{ dids: string[] }>({
  nsid: "com.atproto.admin.getAccountInfos",
  type: "query",
  auth: "admin",
  handler: async (ctx, { params }) => {
    const dids = [...new Set(params.dids)];
    const accounts = await Promise.all(dids.map((did) => ctx.accounts.byDid(did)));
    const infos = await Promise.all(
      accounts.flatMap((account) => (account ? [accountView(ctx, account)] : [])),
    );
    return { json: { infos } };
  },
});
