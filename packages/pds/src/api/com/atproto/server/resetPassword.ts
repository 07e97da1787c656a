// Sets a new password with the token requestPasswordReset mailed. Every session of the account ends:
// refresh tokens are deleted and access tokens are refused from the next request on (the official PDS
// lets access tokens live until they expire).
import { resetPassword } from "../../../../account/password-reset.ts";
import { RESET_PASSWORD_LIMITS } from "../../../../rate-limit/limits.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.resetPassword",
  type: "procedure",
  auth: "none",
  rateLimits: RESET_PASSWORD_LIMITS,
  handler: async (ctx, { input }) => {
    const { token, password } = input as { token: string; password: string };
    await resetPassword(ctx, token, password);
    return { empty: true };
  },
});
