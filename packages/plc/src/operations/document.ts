// From the latest operation to what resolvers read. The DID document is the current upstream format
// (Multikey verification methods, `${did}#id` ids), not @did-plc/lib 0.0.4's older
// EcdsaSecp256k1VerificationKey2019 form; @atproto/identity reads both.
import { P256_JWT_ALG, parseDidKey, SECP256K1_JWT_ALG } from "@atproto/crypto";
import type { DocumentData, OpOrTombstone } from "@did-plc/lib";
import type { DidDocument, DidService, VerificationMethod } from "./types.ts";

/** The document data an operation sets, or null for a tombstone. */
export function opToData(did: string, op: OpOrTombstone): DocumentData | null {
  if (op.type === "plc_tombstone") return null;
  const { verificationMethods, rotationKeys, alsoKnownAs, services } = op;
  return { did, verificationMethods, rotationKeys, alsoKnownAs, services };
}

const KEY_TYPE_CONTEXT: Record<string, string> = {
  [P256_JWT_ALG]: "https://w3id.org/security/suites/ecdsa-2019/v1",
  [SECP256K1_JWT_ALG]: "https://w3id.org/security/suites/secp256k1-2019/v1",
};

function keyContext(didKey: string): string | undefined {
  try {
    return KEY_TYPE_CONTEXT[parseDidKey(didKey).jwtAlg];
  } catch {
    return undefined; // a key type we do not know still gets a Multikey entry, without a context
  }
}

export function formatDidDoc(data: DocumentData): DidDocument {
  const context = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"];
  const verificationMethod: VerificationMethod[] = [];
  for (const [id, key] of Object.entries(data.verificationMethods)) {
    const ctx = keyContext(key);
    if (ctx && !context.includes(ctx)) context.push(ctx);
    verificationMethod.push({
      id: `${data.did}#${id}`,
      type: "Multikey",
      controller: data.did,
      publicKeyMultibase: key.replace(/^did:key:/, ""),
    });
  }
  const service: DidService[] = Object.entries(data.services).map(([id, s]) => ({
    id: `#${id}`,
    type: s.type,
    serviceEndpoint: s.endpoint,
  }));
  return { "@context": context, id: data.did, alsoKnownAs: data.alsoKnownAs, verificationMethod, service };
}
