// Turns an account's invites back on: codes it earns from now on are usable again.
import { setAccountInvites } from "../../../../account/account-invites-switch.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.admin.enableAccountInvites",
  type: "procedure",
  auth: "admin",
  handler: async (ctx, { input }) => {
    await setAccountInvites(ctx, (input as { account: string }).account, true);
    return { empty: true };
  },
});
