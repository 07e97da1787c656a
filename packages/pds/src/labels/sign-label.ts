// Labels in the protocol's format (com.atproto.label.defs#label), signed as every labeler signs them:
// the label without `sig`, undefined fields left out, encoded as DAG-CBOR; the signature (the keypair
// hashes with sha256) over those bytes, checked against the #atproto_label key of the source's DID
// document. As the official labeler (Ozone, mod-service/util.ts signLabel): `ver` 1, `neg` only when true.
import type { Keypair } from "@atproto/crypto";
import { encode } from "@atproto/lex-cbor";
import { type JsonValue, lexToJson } from "@atproto/lex-json";

export interface UnsignedLabel {
  ver: 1;
  src: string;
  uri: string;
  cid?: string;
  val: string;
  neg?: true;
  cts: string;
  exp?: string;
}

export type SignedLabel = UnsignedLabel & { sig: Uint8Array };

export function formatLabel(fields: {
  src: string;
  uri: string;
  cid?: string;
  val: string;
  neg?: boolean;
  cts: string;
  exp?: string;
}): UnsignedLabel {
  return {
    ver: 1,
    src: fields.src,
    uri: fields.uri,
    ...(fields.cid ? { cid: fields.cid } : {}),
    val: fields.val,
    ...(fields.neg ? { neg: true as const } : {}),
    cts: fields.cts,
    ...(fields.exp ? { exp: fields.exp } : {}),
  };
}

export async function signLabel(label: UnsignedLabel, key: Keypair): Promise<SignedLabel> {
  return { ...label, sig: await key.sign(encode({ ...label })) };
}

/** The JSON form (queryLabels): bytes as {"$bytes": base64}, as the lexicon's JSON encoding wants. */
export function labelToJson(label: SignedLabel): JsonValue {
  return lexToJson({ ...label });
}
