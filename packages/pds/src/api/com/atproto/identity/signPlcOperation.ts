// Signs (but does not submit) a PLC operation for the caller's DID with our rotation key, changing
// the fields given and keeping the others. The old PDS's side of a migration; needs the mailed token.

import { updateOp } from "@atrarium/plc/client";
import { z } from "zod";
import { authorizeIdentity } from "../../../../auth/oauth-permissions.ts";
import {
  parseOrInvalid,
  plcFailure,
  servicesSchema,
  verificationMethodsSchema,
} from "../../../../identity/plc-ops.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

const inputSchema = z.object({
  token: z.string().optional(),
  rotationKeys: z.array(z.string().startsWith("did:key:")).optional(),
  alsoKnownAs: z.array(z.string()).optional(),
  verificationMethods: verificationMethodsSchema.optional(),
  services: servicesSchema.optional(),
});

export default method({
  nsid: "com.atproto.identity.signPlcOperation",
  type: "procedure",
  auth: "access-full",
  oauth: authorizeIdentity("*"),
  handler: async (ctx, { input, caller }) => {
    if (!caller) throw new XrpcError(401, "AuthenticationRequired", "Authentication Required");
    const body = parseOrInvalid(inputSchema, input, "input");
    if (!body.token)
      throw new XrpcError(400, "InvalidRequest", "email confirmation token required to sign PLC operations");
    await ctx.emailTokens.consume(caller.did, "plc_operation", body.token);
    const last = await ctx.plc.getLastOp(caller.did).catch((err) => {
      throw plcFailure(err);
    });
    if (last.type === "plc_tombstone") throw new XrpcError(400, "InvalidRequest", "Did is tombstoned");
    const operation = await updateOp(last, ctx.rotationKey, (current) => ({
      ...current,
      rotationKeys: body.rotationKeys ?? current.rotationKeys,
      alsoKnownAs: body.alsoKnownAs ?? current.alsoKnownAs,
      verificationMethods: body.verificationMethods ?? current.verificationMethods,
      services: body.services ?? current.services,
    }));
    return { json: { operation } };
  },
});
