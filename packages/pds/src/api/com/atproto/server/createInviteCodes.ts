// Invite codes made by the administrator: codeCount of them for each of forAccounts, or for nobody.
import { ADMIN_CREATOR, newInviteCode } from "../../../../account/earned-invites.ts";
import { checkCodeCount, checkUseCount } from "../../../../account/invite-code-limits.ts";
import { method } from "../../../../xrpc/method.ts";

interface Input {
  codeCount?: number;
  useCount: number;
  forAccounts?: string[];
}

export default method({
  nsid: "com.atproto.server.createInviteCodes",
  type: "procedure",
  auth: "admin",
  handler: async (ctx, { input }) => {
    const { codeCount = 1, useCount, forAccounts = [ADMIN_CREATOR] } = input as Input;
    checkUseCount(useCount);
    checkCodeCount(codeCount, forAccounts.length);
    const batches = forAccounts.map((account) => ({
      account,
      codes: Array.from({ length: codeCount }, () => newInviteCode(ctx.cfg.hostname)),
    }));
    await ctx.invites.createAdminCodes(batches, useCount);
    return { json: { codes: batches } };
  },
});
