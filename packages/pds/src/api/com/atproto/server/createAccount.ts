// Registers a did:plc with our PLC directory (PDS endpoint, repo signing key, handle), creates the
// account and its repo, and announces #identity, #account and the genesis #commit on the firehose.
import { Secp256k1Keypair } from "@atproto/crypto";
import { createRepo } from "../../../../actor-store/repo-writer.ts";
import { hashPassword } from "../../../../auth/password.ts";
import { issueSession } from "../../../../auth/session-output.ts";
import { normalizeServiceHandle } from "../../../../identity/handle.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

interface Input {
  handle: string;
  email?: string;
  password?: string;
  did?: string;
  inviteCode?: string;
}

export default method({
  nsid: "com.atproto.server.createAccount",
  type: "procedure",
  auth: "none",
  handler: async (ctx, { input }) => {
    const body = input as Input;
    if (body.did) {
      throw new XrpcError(
        400,
        "InvalidRequest",
        "Account migration (createAccount with an existing did) is not supported yet",
      );
    }
    if (!body.password) throw new XrpcError(400, "InvalidRequest", "A password is required");
    const handle = normalizeServiceHandle(ctx, body.handle);
    if (ctx.accounts.handleTaken(handle))
      throw new XrpcError(400, "HandleNotAvailable", `Handle already taken: ${handle}`);
    const email = body.email?.trim().toLowerCase();
    if (email && ctx.accounts.emailTaken(email))
      throw new XrpcError(400, "InvalidRequest", `Email already taken: ${email}`);
    const passwordScrypt = await hashPassword(body.password);

    const signingKey = await Secp256k1Keypair.create({ exportable: true });
    const did = await ctx.plc
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

    const actor = ctx.actors.create(did, await signingKey.export());
    try {
      const commit = await createRepo(actor, signingKey, [
        { type: "#identity", body: { did, handle } },
        { type: "#account", body: { did, active: true } },
      ]);
      ctx.accounts.insert({ did, handle, email: email ?? null, password_scrypt: passwordScrypt });
      ctx.accounts.updateRoot(did, commit.cid.toString(), commit.rev);
    } catch (err) {
      ctx.actors.destroy(did);
      if (ctx.accounts.handleTaken(handle))
        throw new XrpcError(400, "HandleNotAvailable", `Handle already taken: ${handle}`);
      throw err;
    }
    ctx.sequencer.drain(actor);
    const account = ctx.accounts.byDid(did);
    if (!account) throw new Error("account vanished after creation");
    const session = await issueSession(ctx, account);
    return { json: { handle, did, accessJwt: session.accessJwt, refreshJwt: session.refreshJwt } };
  },
});
