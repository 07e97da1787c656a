// Disables invite codes: the ones named, and every code made for the accounts named. Codes the
// administrator made for nobody ("admin") cannot be disabled as a group, as in the official PDS.
import { ADMIN_CREATOR } from "../../../../account/earned-invites.ts";
import { invalidRequest } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.admin.disableInviteCodes",
  type: "procedure",
  auth: "admin",
  handler: async (ctx, { input }) => {
    const { codes = [], accounts = [] } = input as { codes?: string[]; accounts?: string[] };
    if (accounts.includes(ADMIN_CREATOR)) throw invalidRequest("cannot disable admin invite codes");
    await ctx.invites.disableCodes(codes, accounts);
    return { empty: true };
  },
});
