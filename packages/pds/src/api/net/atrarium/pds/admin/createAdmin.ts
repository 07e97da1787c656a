// Adds an administrator account (admin roles): owner only (auth/admin-roles.ts).
import type { PdsAdminCreateAdminInput, PdsAdminCreateAdminOutput } from "@atrarium/lexicon";
import { assertNewAdminName } from "../../../../../admin/admin-name.ts";
import { hashPassword } from "../../../../../auth/password.ts";
import { XrpcError } from "../../../../../xrpc/errors.ts";
import { method } from "../../../../../xrpc/method.ts";

export default method({
  nsid: "net.atrarium.pds.admin.createAdmin",
  type: "procedure",
  auth: "admin",
  handler: async (ctx, { input }) => {
    const { name, role, password } = input as PdsAdminCreateAdminInput;
    assertNewAdminName(name);
    if (!ctx.admin.accounts.create(name, role, await hashPassword(password)))
      throw new XrpcError(400, "AdminExists", `An administrator is already named ${name}`);
    const created: PdsAdminCreateAdminOutput | undefined = ctx.admin.accounts.view(name);
    return { json: created };
  },
});
