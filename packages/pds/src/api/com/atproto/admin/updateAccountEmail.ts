// Sets an account's email address (by DID or handle) without a mailed token: the new address starts
// unconfirmed and the account's mailed tokens stop working, as the official PDS does. The address is
// checked as the account's own updateEmail checks it.
import { changeEmail, normalizeNewEmail } from "../../../../account/new-email.ts";
import { requireAccount } from "../../../../account/require-account.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.admin.updateAccountEmail",
  type: "procedure",
  auth: "admin",
  handler: async (ctx, { input }) => {
    const body = input as { account: string; email: string };
    const email = normalizeNewEmail(body.email);
    const account = await requireAccount(ctx, body.account);
    await changeEmail(ctx, account.did, email);
    return { empty: true };
  },
});
