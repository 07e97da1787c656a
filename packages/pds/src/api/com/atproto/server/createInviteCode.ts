// An invite code made by the administrator, for one account or (forAccount absent) for nobody.
import { ADMIN_CREATOR, newInviteCode } from "../../../../account/earned-invites.ts";
import { checkUseCount } from "../../../../account/invite-code-limits.ts";
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
    checkUseCount(useCount);
    const code = newInviteCode(ctx.cfg.hostname);
    await ctx.invites.createAdminCodes([{ account: forAccount, codes: [code] }], useCount);
    return { json: { code } };
  },
});
