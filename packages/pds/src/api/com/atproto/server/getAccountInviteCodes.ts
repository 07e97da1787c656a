// The caller's invite codes. With createAvailable, the codes the account has earned since it last
// asked are made first (account/earned-invites.ts), when invites are required and an interval is set.
// Only for sessions made with the account password, as in the official PDS.
import { earnedCodesToCreate, isOpen, newInviteCode } from "../../../../account/earned-invites.ts";
import { notFound } from "../../../../xrpc/errors.ts";
import { type Caller, method } from "../../../../xrpc/method.ts";

interface Params {
  includeUsed?: boolean;
  createAvailable?: boolean;
}

export default method<Params>({
  nsid: "com.atproto.server.getAccountInviteCodes",
  type: "query",
  auth: "access-full",
  oauth: "refuse",
  handler: async (ctx, { params, caller }) => {
    const { did } = caller as Caller;
    const { includeUsed = true, createAvailable = true } = params;
    const account = await ctx.accounts.byDid(did);
    if (!account) throw notFound("Account not found");
    const codes = await ctx.invites.codesFor(did);
    const interval = ctx.cfg.inviteIntervalMs;
    if (createAvailable && ctx.cfg.inviteRequired && interval) {
      const { toCreate, total } = earnedCodesToCreate({
        codes,
        accountCreatedAt: Date.parse(account.created_at),
        now: ctx.clock.now(),
        epoch: ctx.cfg.inviteEpochMs,
        interval,
      });
      if (toCreate > 0) {
        const fresh = Array.from({ length: toCreate }, () => newInviteCode(ctx.cfg.hostname));
        // An account whose invites the administrator disabled still earns codes, made disabled (as the
        // official PDS does, for bookkeeping), so they are not shown below.
        const disabled = account.invites_disabled === 1;
        codes.push(...(await ctx.invites.createEarnedCodes(did, fresh, total, disabled)));
      }
    }
    const shown = codes.filter((c) => !c.disabled && (includeUsed || isOpen(c)));
    return { json: { codes: shown } };
  },
});
