// A short-lived ES256K JWT signed with the account's repo key, for the caller to present to another
// service (e.g. the Atrarium API) as proof of identity. Never for the account-management methods, and
// for the privileged ones (chat, createAccount) only to a full or privileged app-password session.

import { authorizeServiceAuth } from "../../../../auth/oauth-permissions.ts";
import { isAccessPrivileged, isPrivilegedMethod } from "../../../../auth/scopes.ts";
import { createServiceJwt } from "../../../../auth/service-jwt.ts";
import { PROTECTED_METHODS } from "../../../../proxy/proxy-rules.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

const HOUR = 60 * 60;

export default method<{ aud: string; exp?: number; lxm?: string }>({
  nsid: "com.atproto.server.getServiceAuth",
  type: "query",
  auth: "access",
  oauth: authorizeServiceAuth,
  handler: async (ctx, { params, caller }) => {
    if (!caller) throw new XrpcError(401, "AuthenticationRequired", "Authentication Required");
    // An OAuth session's rpc: permission (checked by the method's oauth rule) decides instead.
    if (
      !caller.oauth &&
      params.lxm &&
      isPrivilegedMethod(params.lxm) &&
      !isAccessPrivileged(caller.scope ?? "")
    ) {
      throw new XrpcError(
        400,
        "InvalidRequest",
        `insufficient access to request a service auth token for the following method: ${params.lxm}`,
      );
    }
    const now = Math.floor(Date.now() / 1000);
    const exp = params.exp ?? now + 60;
    if (exp <= now) throw new XrpcError(400, "BadExpiration", "expiration is in past");
    if (exp - now > HOUR)
      throw new XrpcError(
        400,
        "BadExpiration",
        "cannot request a token with an expiration more than an hour in the future",
      );
    if (!params.lxm && exp - now > 60) {
      throw new XrpcError(
        400,
        "BadExpiration",
        "cannot request a method-less token with an expiration more than a minute in the future",
      );
    }
    if (params.lxm && PROTECTED_METHODS.has(params.lxm.toLowerCase())) {
      throw new XrpcError(
        400,
        "InvalidRequest",
        `cannot request a service auth token for the following protected method: ${params.lxm}`,
      );
    }
    const keypair = await ctx.actors.get(caller.did).getKeypair();
    const token = await createServiceJwt({
      iss: caller.did,
      aud: params.aud,
      lxm: params.lxm ?? null,
      exp,
      keypair,
    });
    return { json: { token } };
  },
});
