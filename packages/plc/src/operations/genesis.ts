// The first operation of a DID: a plc_operation with prev null, signed by one of its own rotation
// keys, whose DAG-CBOR hash names the DID (did:plc: + first 24 chars of base32(sha256)).
import { type DocumentData, didForCreateOp, type OpOrTombstone } from "@did-plc/lib";
import { PlcOperationError } from "./errors.ts";
import { assureValidSig } from "./signature.ts";

export const PLC_DID_PATTERN = /^did:plc:[a-z2-7]{24}$/;

export function isPlcDid(did: string): boolean {
  return PLC_DID_PATTERN.test(did);
}

/** The DID a signed genesis operation creates. */
export async function didForGenesisOp(op: OpOrTombstone): Promise<string> {
  if (op.type !== "plc_operation")
    throw new PlcOperationError("misordered", "A tombstone cannot create a DID");
  return didForCreateOp(op);
}

export async function assureValidGenesisOp(did: string, op: OpOrTombstone): Promise<DocumentData> {
  if (op.type === "plc_tombstone") {
    throw new PlcOperationError(
      "misordered",
      `DID not registered: ${did} (cannot tombstone a DID that does not exist)`,
    );
  }
  if (op.prev !== null) {
    throw new PlcOperationError(
      "misordered",
      `DID not registered: ${did} (only a genesis operation, with prev: null, can create it)`,
    );
  }
  if (!isPlcDid(did)) {
    throw new PlcOperationError("invalid-did", `Not a did:plc identifier: ${did}`);
  }
  await assureValidSig(op.rotationKeys, op, "Genesis operation is not signed by any of its own rotationKeys");
  // @did-plc/lib 0.0.4 accepts any DID that is a prefix of the full hash; upstream now requires the
  // exact 24-character form, and so do we.
  const expected = await didForCreateOp(op);
  if (expected !== did) {
    throw new PlcOperationError(
      "genesis-hash",
      `Hash of genesis operation does not match DID identifier: expected ${expected}, got ${did}`,
    );
  }
  const { verificationMethods, rotationKeys, alsoKnownAs, services } = op;
  return { did, verificationMethods, rotationKeys, alsoKnownAs, services };
}
