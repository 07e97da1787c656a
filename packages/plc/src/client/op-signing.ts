// Building, signing and addressing plc_operation ops on the client side, with only the canonical
// DAG-CBOR encoder and sha-256: a PDS that registers DIDs need not load @did-plc/lib (and the old
// crypto, multiformats and axios it bundles) into its memory.
import { createHash } from "node:crypto";
import { encode, type LexValue } from "@atproto/lex-cbor";
import { base32 } from "multiformats/bases/base32";
import type { OpSigner } from "../operations/builders.ts";
import { cidForOp } from "../operations/encoding.ts";
import type { Operation, OpOrTombstone, UnsignedOperation } from "../operations/types.ts";

export async function signOp(unsigned: UnsignedOperation, signer: OpSigner): Promise<Operation> {
  const sig = await signer.sign(encode(unsigned as unknown as LexValue));
  return { ...unsigned, sig: Buffer.from(sig).toString("base64url") };
}

export async function genesisOp(
  opts: { signingKey: string; handle: string; pds: string; rotationKeys: string[] },
  signer: OpSigner,
): Promise<Operation> {
  return signOp(
    {
      type: "plc_operation",
      verificationMethods: { atproto: opts.signingKey },
      rotationKeys: opts.rotationKeys,
      alsoKnownAs: [`at://${opts.handle}`],
      services: { atproto_pds: { type: "AtprotoPersonalDataServer", endpoint: opts.pds } },
      prev: null,
    },
    signer,
  );
}

// did:plc = the first 24 base32 characters of the sha-256 of the signed genesis op.
export function didForGenesisOp(op: Operation): string {
  const hash = createHash("sha256")
    .update(encode(op as unknown as LexValue))
    .digest();
  return `did:plc:${base32.baseEncode(hash).slice(0, 24)}`;
}

// The DID's current state as an unsigned plc_operation, whatever format its last op had.
export function normalizeOp(op: OpOrTombstone | LegacyCreateOp): Omit<UnsignedOperation, "prev"> {
  if (op.type === "plc_operation") {
    const { sig: _sig, prev: _prev, ...rest } = op as Operation;
    return rest;
  }
  if (op.type === "create") {
    const legacy = op as LegacyCreateOp;
    return {
      type: "plc_operation",
      verificationMethods: { atproto: legacy.signingKey },
      rotationKeys: [legacy.recoveryKey, legacy.signingKey],
      alsoKnownAs: [legacy.handle.startsWith("at://") ? legacy.handle : `at://${legacy.handle}`],
      services: { atproto_pds: { type: "AtprotoPersonalDataServer", endpoint: legacy.service } },
    };
  }
  throw new Error("a tombstoned DID has no data to update");
}

export async function updateOp(
  last: OpOrTombstone | LegacyCreateOp,
  signer: OpSigner,
  fn: (current: Omit<UnsignedOperation, "prev">) => Omit<UnsignedOperation, "prev">,
): Promise<Operation> {
  const next = fn(normalizeOp(last));
  return signOp({ ...next, prev: await cidForOp(last) }, signer);
}

interface LegacyCreateOp {
  type: "create";
  signingKey: string;
  recoveryKey: string;
  handle: string;
  service: string;
  prev: null;
  sig: string;
}
