// The server's own DID document, served at /.well-known/did.json when its service DID is the did:web of
// its public URL's host (as the official PDS does, which names only #atproto_pds). It also makes this
// server a labeler AT Protocol clients can subscribe to: #atproto_labeler is where its labels are
// served (queryLabels, subscribeLabels) and #atproto_label the key that signs them.
import type { Keypair } from "@atproto/crypto";
import type { PdsConfig } from "../config.ts";

export interface ServerDidDocument {
  "@context": string[];
  id: string;
  verificationMethod: { id: string; type: string; controller: string; publicKeyMultibase: string }[];
  service: { id: string; type: string; serviceEndpoint: string }[];
}

/** The document, or undefined when the service DID is not this host's did:web (someone else serves it). */
export function serverDidDocument(
  cfg: Pick<PdsConfig, "serviceDid" | "publicUrl">,
  labelerKey: Keypair,
): ServerDidDocument | undefined {
  const host = new URL(cfg.publicUrl).host;
  if (cfg.serviceDid !== `did:web:${encodeURIComponent(host)}`) return undefined;
  return {
    "@context": [
      "https://www.w3.org/ns/did/v1",
      "https://w3id.org/security/multikey/v1",
      "https://w3id.org/security/suites/secp256k1-2019/v1",
    ],
    id: cfg.serviceDid,
    verificationMethod: [
      {
        id: `${cfg.serviceDid}#atproto_label`,
        type: "Multikey",
        controller: cfg.serviceDid,
        // A did:key's method-specific part is the key's multibase (multicodec-prefixed, compressed).
        publicKeyMultibase: labelerKey.did().slice("did:key:".length),
      },
    ],
    service: [
      { id: "#atproto_pds", type: "AtprotoPersonalDataServer", serviceEndpoint: cfg.publicUrl },
      { id: "#atproto_labeler", type: "AtprotoLabeler", serviceEndpoint: cfg.publicUrl },
    ],
  };
}
