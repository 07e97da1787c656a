// The administrator accounts (admin roles), without their password hashes: owner only.
import type { PdsAdminListAdminsOutput } from "@atrarium/lexicon";
import { method } from "../../../../../xrpc/method.ts";

export default method({
  nsid: "net.atrarium.pds.admin.listAdmins",
  type: "query",
  auth: "admin",
  handler: async (ctx) => {
    const out: PdsAdminListAdminsOutput = { admins: ctx.admin.accounts.list() };
    return { json: out };
  },
});
