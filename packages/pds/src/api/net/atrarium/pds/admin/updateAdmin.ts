// Changes an administrator's role and/or password (admin roles): owner only. The authenticator reads
// the account on every call (auth/admin-authenticator.ts), so the change applies to its next call.
import type { PdsAdminUpdateAdminInput, PdsAdminUpdateAdminOutput } from "@atrarium/lexicon";
import { hashPassword } from "../../../../../auth/password.ts";
import { XrpcError } from "../../../../../xrpc/errors.ts";
import { method } from "../../../../../xrpc/method.ts";

export default method({
  nsid: "net.atrarium.pds.admin.updateAdmin",
  type: "procedure",
  auth: "admin",
  handler: async (ctx, { input }) => {
    const { name, role, password } = input as PdsAdminUpdateAdminInput;
    const passwordScrypt = password !== undefined ? await hashPassword(password) : undefined;
    const updated: PdsAdminUpdateAdminOutput | undefined = ctx.admin.accounts.update(name, {
      ...(role ? { role } : {}),
      ...(passwordScrypt ? { passwordScrypt } : {}),
    });
    if (!updated) throw new XrpcError(400, "AdminNotFound", `No administrator is named ${name}`);
    return { json: updated };
  },
});
