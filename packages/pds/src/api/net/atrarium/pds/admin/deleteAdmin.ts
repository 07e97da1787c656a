// Removes an administrator account (admin roles): owner only. Its credential is refused from the
// next call on, whatever the authenticator remembered (auth/admin-authenticator.ts reads the row).
import type { PdsAdminDeleteAdminInput } from "@atrarium/lexicon";
import { XrpcError } from "../../../../../xrpc/errors.ts";
import { method } from "../../../../../xrpc/method.ts";

export default method({
  nsid: "net.atrarium.pds.admin.deleteAdmin",
  type: "procedure",
  auth: "admin",
  handler: async (ctx, { input }) => {
    const { name } = input as PdsAdminDeleteAdminInput;
    if (!ctx.admin.accounts.delete(name))
      throw new XrpcError(400, "AdminNotFound", `No administrator is named ${name}`);
    return { empty: true };
  },
});
