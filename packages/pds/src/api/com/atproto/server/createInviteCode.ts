// An invite code made by the administrator, for one account or (forAccount absent) for nobody.
import { ADMIN_CREATOR, newInviteCode } from "../../../../account/earned-invites.ts";
import { invalidRequest } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

interface Input {
  useCount: number;
  forAccount?: string;
}

export default method({
  nsid: "com.atproto.server.createInviteCode",
  type: "procedure",
  auth: "admin",
  handler: async (ctx, { input }) => {
    const { useCount, forAccount = ADMIN_CREATOR } = input as Input;
    if (useCount < 1) throw invalidRequest("useCount must be at least 1");
    const code = newInviteCode(ctx.cfg.hostname);
    await ctx.invites.createAdminCodes([{ account: forAccount, codes: [code] }], useCount);
    return { json: { code } };
  },
});
