// Starts an email change. Once the current address is confirmed, changing it takes a token mailed to
// that address (so a stolen session alone cannot move the account's mail elsewhere); before that, no
// token is needed and none is sent. Full-access sessions only, as in the official PDS.

import { requestEmailUpdate } from "../../../../account/email-update.ts";
import { EMAIL_UPDATE_UNSUPPORTED, refuseOAuth } from "../../../../auth/oauth-permissions.ts";
import { REQUEST_EMAIL_UPDATE_LIMITS } from "../../../../rate-limit/limits.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "com.atproto.server.requestEmailUpdate",
  type: "procedure",
  auth: "access-full",
  oauth: refuseOAuth(EMAIL_UPDATE_UNSUPPORTED),
  rateLimits: REQUEST_EMAIL_UPDATE_LIMITS,
  handler: async (ctx, { caller }) => {
    if (!caller) throw new XrpcError(401, "AuthenticationRequired", "Authentication Required");
    const { tokenRequired } = await requestEmailUpdate(ctx, caller.did);
    return { json: { tokenRequired } };
  },
});
