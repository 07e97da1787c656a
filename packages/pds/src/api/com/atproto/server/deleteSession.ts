import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.deleteSession",
  type: "procedure",
  auth: "refresh",
  handler: async (ctx, { caller }) => {
    if (caller?.jti) await ctx.sessions.revoke(caller.jti);
    if (caller) ctx.tokens.forget(caller.token);
    return { empty: true };
  },
});
