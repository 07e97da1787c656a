// Turns an account's invites off: codes it earns from now on are made disabled (getAccountInviteCodes
// no longer shows them); codes it already holds stay as they are (disableInviteCodes disables those).
import { setAccountInvites } from "../../../../account/account-invites-switch.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.admin.disableAccountInvites",
  type: "procedure",
  auth: "admin",
  handler: async (ctx, { input }) => {
    await setAccountInvites(ctx, (input as { account: string }).account, false);
    return { empty: true };
  },
});
