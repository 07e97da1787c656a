// A CAR of the caller's whole repo, from the PDS it is migrating away from. Only while the account is
// deactivated (between createAccount with `did` and activateAccount): an active repo's consumers would
// otherwise see its history change with no event. See repo/import-repo.ts for the checks.

import { assertNotTakenDown } from "../../../../account/takedown.ts";
import { authorizeRepoImport } from "../../../../auth/oauth-permissions.ts";
import { importRepo } from "../../../../repo/import-repo.ts";
import { readLimitedBody } from "../../../../xrpc/body-limit.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.repo.importRepo",
  type: "procedure",
  auth: "access-full",
  oauth: authorizeRepoImport,
  rawInput: true,
  handler: async (ctx, { caller, req }) => {
    const account = caller && (await ctx.accounts.byDid(caller.did));
    if (!account) throw new XrpcError(400, "InvalidRequest", "Could not find user info for account");
    assertNotTakenDown(account);
    if (!account.deactivated_at) {
      throw new XrpcError(
        400,
        "InvalidRequest",
        "Repo import is only accepted while the account is deactivated (during a migration)",
      );
    }
    const car = await readLimitedBody(req, ctx.cfg.maxImportSize);
    await importRepo(ctx, account.did, car);
    return { empty: true };
  },
});
