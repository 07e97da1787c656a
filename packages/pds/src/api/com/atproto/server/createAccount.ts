// Creates an account with its repo. Without `did`: registers a new did:plc with our PLC directory (PDS
// endpoint, repo signing key, handle) and announces #identity, #account and the genesis #commit. With
// `did` (an account migrating in): the caller proves control with a service JWT from its current PDS
// (aud = our service DID, lxm = this method); the account starts deactivated and silent until
// activateAccount, once its repo is imported and its DID document points here.
import { Secp256k1Keypair } from "@atproto/crypto";
import { accountEvent, identityEvent } from "../../../../account/account-events.ts";
import { assertInviteAccepted, redeemInvite } from "../../../../account/invite-redemption.ts";
import { hashPassword } from "../../../../auth/password.ts";
import { issueSession } from "../../../../auth/session-output.ts";
import { verifyServiceJwt } from "../../../../auth/verify-service-jwt.ts";
import type { AppContext } from "../../../../context.ts";
import { normalizeServiceHandle } from "../../../../identity/handle.ts";
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
    await assertInviteAccepted(ctx, body.inviteCode);
    const handle = normalizeServiceHandle(ctx, body.handle);
    if (await ctx.accounts.byHandle(handle))
      throw new XrpcError(400, "HandleNotAvailable", `Handle already taken: ${handle}`);
    const email = body.email?.trim().toLowerCase();
    if (email && (await ctx.accounts.byEmail(email)))
      throw new XrpcError(400, "InvalidRequest", `Email already taken: ${email}`);
    const passwordScrypt = await hashPassword(body.password);

    // An account migrating in signs with the key it reserved here (reserveSigningKey), if any.
    const reserved = body.did ? await ctx.reservedKeys.get(body.did) : undefined;
    const signingKey = reserved
      ? await Secp256k1Keypair.import(reserved, { exportable: true })
      : await Secp256k1Keypair.create({ exportable: true });
    const migrating = body.did !== undefined;
    const did = body.did ?? (await registerDid(ctx, signingKey, handle));

    const actor = await ctx.actors.create(did, await signingKey.export());
    try {
      const commit = await actor.repo.create({
        events: [identityEvent(did, handle), accountEvent(did, "active")],
        announce: !migrating,
      });
      await ctx.accounts.insert({
        did,
        handle,
        email: email ?? null,
        password_scrypt: passwordScrypt,
        deactivated_at: migrating ? new Date().toISOString() : null,
      });
      await redeemInvite(ctx, body.inviteCode, did);
      await ctx.accounts.updateRoot(did, commit.cid.toString(), commit.rev);
      if (reserved) await ctx.reservedKeys.release(did);
    } catch (err) {
      await ctx.actors.destroy(did);
      if (await ctx.accounts.byHandle(handle))
        throw new XrpcError(400, "HandleNotAvailable", `Handle already taken: ${handle}`);
      throw err;
    }
    await ctx.sequencer.drain(actor);
    const account = await ctx.accounts.byDid(did);
    if (!account) throw new Error("account vanished after creation");
    const session = await issueSession(ctx, account);
    return { json: { handle, did, accessJwt: session.accessJwt, refreshJwt: session.refreshJwt } };
  },
});

async function assertMigrationAuth(ctx: AppContext, did: string, req: Request): Promise<void> {
  const header = req.headers.get("authorization");
  const token = header?.startsWith("Bearer ") ? header.slice(7).trim() : "";
  const missing = () =>
    new XrpcError(401, "AuthenticationRequired", `Missing auth to create account with did: ${did}`);
  if (!token) throw missing();
  const { iss } = await verifyServiceJwt(token, {
    aud: ctx.cfg.serviceDid,
    lxm: NSID,
    signingKey: (iss) => resolveSigningKey(ctx, iss),
  });
  if (iss !== did) throw missing();
  if ((await ctx.accounts.byDid(did)) || (await ctx.actors.exists(did)))
    throw new XrpcError(400, "InvalidRequest", `Account already exists: ${did}`);
}

async function registerDid(ctx: AppContext, signingKey: Secp256k1Keypair, handle: string): Promise<string> {
  return ctx.plc
    .createDid({
      signingKey: signingKey.did(),
      handle,
      pds: ctx.cfg.publicUrl,
      rotationKeys: [ctx.rotationKey.did()],
      signer: ctx.rotationKey,
    })
    .catch((err: Error) => {
      ctx.logger.error({ err }, "PLC registration failed");
      throw new XrpcError(
        502,
        "UpstreamFailure",
        `Could not register DID with the PLC directory: ${err.message}`,
      );
    });
}
