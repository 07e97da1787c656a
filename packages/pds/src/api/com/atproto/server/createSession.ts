import { checkSignIn } from "../../../../account/sign-in.ts";
import { issueSession } from "../../../../auth/session-output.ts";
import { CREATE_SESSION_LIMITS } from "../../../../rate-limit/limits.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.createSession",
  type: "procedure",
  auth: "none",
  rateLimits: CREATE_SESSION_LIMITS,
  handler: async (ctx, { input }) => {
    const { identifier, password } = input as { identifier: string; password: string };
    const { account, appPassword } = await checkSignIn(ctx, identifier, password, { allowAppPassword: true });
    return { json: await issueSession(ctx, account, { appPassword }) };
  },
});
