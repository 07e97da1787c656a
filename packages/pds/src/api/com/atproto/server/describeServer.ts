import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.describeServer",
  type: "query",
  auth: "none",
  handler: async (ctx) => ({
    json: {
      did: ctx.cfg.serviceDid,
      availableUserDomains: ctx.cfg.handleDomains,
      inviteCodeRequired: ctx.cfg.inviteRequired,
      phoneVerificationRequired: false,
      links: {},
      contact: {},
    },
  }),
});
