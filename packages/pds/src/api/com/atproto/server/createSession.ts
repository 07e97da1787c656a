import { assertNotTakenDown } from "../../../../account/takedown.ts";
import { verifyPassword } from "../../../../auth/password.ts";
import { issueSession } from "../../../../auth/session-output.ts";
import { CREATE_SESSION_LIMITS } from "../../../../rate-limit/limits.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.createSession",
  type: "procedure",
  auth: "none",
  rateLimits: CREATE_SESSION_LIMITS,
  handler: async (ctx, { input }) => {
    const { identifier, password } = input as { identifier: string; password: string };
    const account = await ctx.accounts.byIdentifier(identifier.trim().toLowerCase());
    const ok = account ? await verifyPassword(password, account.password_scrypt) : false;
    // Not the account password: perhaps one of its app passwords (a session of narrower scope).
    const appPassword = account && !ok ? await ctx.appPasswords.verify(account.did, password) : undefined;
    if (!account || (!ok && !appPassword))
      throw new XrpcError(401, "AuthenticationRequired", "Invalid identifier or password");
    assertNotTakenDown(account);
    return { json: await issueSession(ctx, account, { appPassword: appPassword ?? null }) };
  },
});
