// This PDS has no signup queue: every signed-in account is already past it (the official answer).
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.temp.checkSignupQueue",
  type: "query",
  auth: "access",
  oauth: "refuse",
  handler: async () => ({ json: { activated: true } }),
});
