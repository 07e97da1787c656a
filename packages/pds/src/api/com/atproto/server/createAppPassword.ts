// Creates a named app password (shown once, in this response) for a third-party client. Only a
// session made with the account password may: an app password cannot mint more of its kind.
import { AppPasswordNameTakenError } from "../../../../account/app-passwords.ts";
import { assertNotTakenDown } from "../../../../account/takedown.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.createAppPassword",
  type: "procedure",
  auth: "access-full",
  oauth: "refuse",
  handler: async (ctx, { caller, input }) => {
    const { name, privileged } = input as { name: string; privileged?: boolean };
    const account = caller && (await ctx.accounts.byDid(caller.did));
    if (!account) throw new XrpcError(400, "InvalidRequest", "account not found");
    assertNotTakenDown(account);
    if (name.trim().length === 0) throw new XrpcError(400, "InvalidRequest", "App password name is required");
    try {
      return { json: await ctx.appPasswords.create(account.did, name, privileged ?? false) };
    } catch (err) {
      if (err instanceof AppPasswordNameTakenError) throw new XrpcError(400, "InvalidRequest", err.message);
      throw err;
    }
  },
});
