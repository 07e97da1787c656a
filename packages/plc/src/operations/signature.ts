// Signature checks with the current @atproto/crypto, which is strict the way plc.directory is: only
// compact, low-S signatures (no DER, no malleable high-S twins). @did-plc/lib 0.0.4 bundles
// @atproto/crypto 0.1.0, which accepts both, so we verify here instead of calling its assureValidSig.
import { verifySignature } from "@atproto/crypto";
import type { OpOrTombstone } from "@did-plc/lib";
import { cborEncodeOp } from "./encoding.ts";
import { PlcOperationError } from "./errors.ts";

const BASE64URL_UNPADDED = /^[A-Za-z0-9_-]+$/;

function signedBytes(op: OpOrTombstone): { data: Uint8Array; sig: Uint8Array } | null {
  const { sig, ...unsigned } = op;
  if (typeof sig !== "string" || !BASE64URL_UNPADDED.test(sig)) return null;
  const sigBytes = Buffer.from(sig, "base64url");
  // Buffer decoding is lenient about trailing bits; insist on the one canonical spelling.
  if (sigBytes.toString("base64url") !== sig) return null;
  return { data: cborEncodeOp(unsigned), sig: new Uint8Array(sigBytes) };
}

/** The first of `allowedKeys` (did:key strings, in priority order) that signed `op`, or null. */
export async function findSigner(allowedKeys: readonly string[], op: OpOrTombstone): Promise<string | null> {
  const signed = signedBytes(op);
  if (!signed) return null;
  for (const key of allowedKeys) {
    // An unsupported key type cannot have signed it; verifySignature throws for those.
    const ok = await verifySignature(key, signed.data, signed.sig).catch(() => false);
    if (ok) return key;
  }
  return null;
}

export async function assureValidSig(
  allowedKeys: readonly string[],
  op: OpOrTombstone,
  message: string,
): Promise<string> {
  const signer = await findSigner(allowedKeys, op);
  if (!signer) throw new PlcOperationError("invalid-signature", message);
  return signer;
}
