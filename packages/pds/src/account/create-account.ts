// Creates an account with its repo, for com.atproto.server.createAccount and the OAuth sign-up page
// alike. Without `did`: registers a new did:plc with our PLC directory (PDS endpoint, repo signing key,
// handle) and announces #identity, #account and the genesis #commit. With `did` (an account migrating
// in, whose control the caller has proven): the account starts deactivated and silent until
// activateAccount, once its repo is imported and its DID document points here. Such an account may keep
// a handle on its own domain, verified to name the DID (identity/account-handle.ts); a new did:plc gets
// one under our domains.
import { Secp256k1Keypair } from "@atproto/crypto";
import { hashPassword } from "../auth/password.ts";
import type { AppContext } from "../context.ts";
import { normalizeAccountHandle } from "../identity/account-handle.ts";
import { normalizeServiceHandle } from "../identity/handle.ts";
import { XrpcError } from "../xrpc/errors.ts";
import { accountEvent, identityEvent } from "./account-events.ts";
import { assertInviteAccepted, redeemInvite } from "./invite-redemption.ts";
import type { AccountRow } from "./types.ts";

export interface NewAccount {
  handle: string;
  email?: string;
  password: string;
  // A migrating account's DID (verified by the caller); absent for a new did:plc.
  did?: string;
  inviteCode?: string;
}

export async function createAccount(ctx: AppContext, input: NewAccount): Promise<AccountRow> {
  await assertInviteAccepted(ctx, input.inviteCode);
  const handle = input.did
    ? await normalizeAccountHandle(ctx, input.did, input.handle)
    : normalizeServiceHandle(ctx, input.handle);
  await assertHandleAvailable(ctx, handle);
  const email = input.email?.trim().toLowerCase();
  if (email && (await ctx.accounts.byEmail(email)))
    throw new XrpcError(400, "InvalidRequest", `Email already taken: ${email}`);
  const passwordScrypt = await hashPassword(input.password);

  // An account migrating in signs with the key it reserved here (reserveSigningKey), if any.
  const reserved = input.did ? await ctx.reservedKeys.get(input.did) : undefined;
  const signingKey = reserved
    ? await Secp256k1Keypair.import(reserved, { exportable: true })
    : await Secp256k1Keypair.create({ exportable: true });
  const migrating = input.did !== undefined;
  const did = input.did ?? (await registerDid(ctx, signingKey, handle));

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
    await redeemInvite(ctx, input.inviteCode, did);
    await ctx.accounts.updateRoot(did, commit.cid.toString(), commit.rev);
    if (reserved) await ctx.reservedKeys.release(did);
  } catch (err) {
    await ctx.actors.destroy(did);
    if (await ctx.accounts.byHandle(handle)) throw handleTaken(handle);
    throw err;
  }
  await ctx.sequencer.drain(actor);
  const account = await ctx.accounts.byDid(did);
  if (!account) throw new Error("account vanished after creation");
  return account;
}

/** HandleNotAvailable when an account holds the (normalized) handle. */
export async function assertHandleAvailable(
  ctx: Pick<AppContext, "accounts">,
  handle: string,
): Promise<void> {
  if (await ctx.accounts.byHandle(handle)) throw handleTaken(handle);
}

function handleTaken(handle: string): XrpcError {
  return new XrpcError(400, "HandleNotAvailable", `Handle already taken: ${handle}`);
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
