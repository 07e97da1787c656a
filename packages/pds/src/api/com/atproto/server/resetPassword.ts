// Sets a new password with the token requestPasswordReset mailed. Every session of the account ends:
// refresh tokens are deleted and access tokens are refused from the next request on (the official PDS
// lets access tokens live until they expire).
import { hashPassword } from "../../../../auth/password.ts";
import { RESET_PASSWORD_LIMITS } from "../../../../rate-limit/limits.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

// The official PDS's limit for new passwords.
const NEW_PASSWORD_MAX_LENGTH = 256;

export default method({
  nsid: "com.atproto.server.resetPassword",
  type: "procedure",
  auth: "none",
  rateLimits: RESET_PASSWORD_LIMITS,
  handler: async (ctx, { input }) => {
    const { token, password } = input as { token: string; password: string };
    if (password.length === 0 || password.length > NEW_PASSWORD_MAX_LENGTH)
      throw new XrpcError(400, "InvalidRequest", "Invalid password length.");
    const did = await ctx.emailTokens.consumeAnyAccount("reset_password", token);
    await ctx.credentials.resetPassword(did, await hashPassword(password));
    return { empty: true };
  },
});
