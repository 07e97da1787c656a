// DAG-CBOR is what PLC signs, hashes into the genesis DID and addresses by CID. @atproto/lex-cbor is
// the canonical (length-first key order) encoder; it refuses floats and undefined, which no valid
// operation contains, so such input is reported as an invalid operation instead of thrown as a 500.
import { cidForLex, encode, type LexValue } from "@atproto/lex-cbor";
import { PlcOperationError } from "./errors.ts";

export function cborEncodeOp(value: unknown): Uint8Array {
  try {
    return encode(value as LexValue);
  } catch (err) {
    throw new PlcOperationError(
      "invalid-operation",
      `Operation cannot be encoded as DAG-CBOR: ${(err as Error).message}`,
    );
  }
}

/** The CID (CIDv1, dag-cbor, sha-256, base32) of a signed operation, which later ops cite as `prev`. */
export async function cidForOp(op: unknown): Promise<string> {
  cborEncodeOp(op); // surfaces encoding errors as PlcOperationError
  return (await cidForLex(op as LexValue)).toString();
}
