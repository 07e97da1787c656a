// Accounts by handle or email substring, or DID prefix: the official PDS has no account search. Each
// is shown as getAccountInfo shows it, plus its status.
import type { PdsAdminSearchAccountsOutput, PdsAdminSearchAccountsParams } from "@atrarium/lexicon";
import { accountView } from "../../../../../account/admin-account-view.ts";
import { accountStatus } from "../../../../../account/status.ts";
import { pageLimit } from "../../../../../admin/paging.ts";
import { method } from "../../../../../xrpc/method.ts";

export default method<PdsAdminSearchAccountsParams>({
  nsid: "net.atrarium.pds.admin.searchAccounts",
  type: "query",
  auth: "admin",
  handler: async (ctx, { params }) => {
    const limit = pageLimit(params.limit);
    const rows = ctx.admin.accountSearch.search({ q: params.q, afterDid: params.cursor, limit });
    const accounts = await Promise.all(
      rows.map(async (row) => ({ ...(await accountView(ctx, row)), status: accountStatus(row) })),
    );
    const last = rows.at(-1);
    const out: PdsAdminSearchAccountsOutput = {
      accounts,
      ...(last && rows.length === limit ? { cursor: last.did } : {}),
    };
    return { json: out };
  },
});
