// Sets an account's password. As with resetPassword, every session of the account ends, app-password
// ones included: refresh tokens are deleted and access tokens are refused from the next request on
// (the official PDS deletes the refresh tokens and lets access tokens expire). App passwords stay.
import { requireAccount } from "../../../../account/require-account.ts";
import { assertNewPasswordLength, hashPassword } from "../../../../auth/password.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.admin.updateAccountPassword",
  type: "procedure",
  auth: "admin",
  handler: async (ctx, { input }) => {
    const { did, password } = input as { did: string; password: string };
    assertNewPasswordLength(password);
    const account = await requireAccount(ctx, did);
    await ctx.credentials.resetPassword(account.did, await hashPassword(password));
    return { empty: true };
  },
});
