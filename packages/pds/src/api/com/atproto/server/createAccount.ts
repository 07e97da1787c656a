// Creates an account with its repo (account/create-account.ts) and signs it in. With `did` (an account
// migrating in, or a did:web the user runs): the caller proves control with a service JWT signed by the
// DID's current #atproto key (aud = our service DID, lxm = this method), as the official PDS. The
// account starts deactivated; once the DID document names this PDS and the account's repo key
// (getRecommendedDidCredentials), activateAccount makes it live. Nothing is sent to PLC.
import { createAccount } from "../../../../account/create-account.ts";
import { issueSession } from "../../../../auth/session-output.ts";
import { verifyServiceJwt } from "../../../../auth/verify-service-jwt.ts";
import type { AppContext } from "../../../../context.ts";
import { didWebSigningKey } from "../../../../identity/did-web-signing-key.ts";
import { resolveSigningKey } from "../../../../identity/signing-key.ts";
import { CREATE_ACCOUNT_LIMITS } from "../../../../rate-limit/limits.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

const NSID = "com.atproto.server.createAccount";

interface Input {
  handle: string;
  email?: string;
  password?: string;
  did?: string;
  inviteCode?: string;
}

export default method({
  nsid: NSID,
  type: "procedure",
  auth: "none",
  rateLimits: CREATE_ACCOUNT_LIMITS,
  handler: async (ctx, { input, req }) => {
    const body = input as Input;
    if (body.did) await assertMigrationAuth(ctx, body.did, req);
    if (!body.password) throw new XrpcError(400, "InvalidRequest", "A password is required");
    const account = await createAccount(ctx, { ...body, password: body.password });
    const session = await issueSession(ctx, account);
    return {
      json: {
        handle: account.handle,
        did: account.did,
        accessJwt: session.accessJwt,
        refreshJwt: session.refreshJwt,
      },
    };
  },
});

async function assertMigrationAuth(ctx: AppContext, did: string, req: Request): Promise<void> {
  const header = req.headers.get("authorization");
  const token = header?.startsWith("Bearer ") ? header.slice(7).trim() : "";
  const missing = () =>
    new XrpcError(401, "AuthenticationRequired", `Missing auth to create account with did: ${did}`);
  if (!token) throw missing();
  // A did:web's document is fetched once, up front, so that a missing or keyless one gets a clear error.
  const webKey = did.startsWith("did:web:") ? await didWebSigningKey(ctx, did) : undefined;
  const { iss } = await verifyServiceJwt(token, {
    aud: ctx.cfg.serviceDid,
    lxm: NSID,
    signingKey: (iss) => (webKey && iss === did ? Promise.resolve(webKey) : resolveSigningKey(ctx, iss)),
  });
  if (iss !== did) throw missing();
  if ((await ctx.accounts.byDid(did)) || (await ctx.actors.exists(did)))
    throw new XrpcError(400, "InvalidRequest", `Account already exists: ${did}`);
}
