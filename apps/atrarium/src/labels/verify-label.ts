// A label's signature, checked as every labeler signs it (the protocol's label signing): over the
// DAG-CBOR of the label without `sig`, with the #atproto_label key of its source's DID document.
import { verifySignature } from "@atproto/crypto";
import { encode, type LexValue } from "@atproto/lex-cbor";
import type { WireLabel } from "./label-frames.ts";

export async function labelSignatureValid(label: WireLabel, signingKey: string): Promise<boolean> {
  const { sig, ...unsigned } = label;
  // Undefined fields are left out of the signed bytes, as the signer left them out.
  const fields = Object.fromEntries(Object.entries(unsigned).filter(([, v]) => v !== undefined));
  try {
    return await verifySignature(signingKey, encode(fields as LexValue), sig);
  } catch {
    return false;
  }
}
