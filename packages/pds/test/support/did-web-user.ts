// What a did:web user does to bring their DID to a PDS, for the did:web tests: write a DID document
// (handle, #atproto key, #atproto_pds endpoint), sign a service JWT for createAccount with the DID's
// own key, and create the account with it through @atproto/api.
import { AtpAgent } from "@atproto/api";
import type { Secp256k1Keypair } from "@atproto/crypto";
import { createServiceJwt } from "@atproto/xrpc-server";

export const CREATE_ACCOUNT = "com.atproto.server.createAccount";

// A DID document as the user writes it; without `key`, one naming no #atproto key.
export function didDocument(did: string, opts: { handle: string; pds: string; key?: string }) {
  return {
    "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
    id: did,
    alsoKnownAs: [`at://${opts.handle}`],
    verificationMethod: opts.key
      ? [
          {
            id: `${did}#atproto`,
            type: "Multikey",
            controller: did,
            publicKeyMultibase: opts.key.slice("did:key:".length),
          },
        ]
      : [],
    service: [{ id: "#atproto_pds", type: "AtprotoPersonalDataServer", serviceEndpoint: opts.pds }],
  };
}

// A service JWT from the DID for the PDS (`aud`), for createAccount unless `lxm` says otherwise.
export function createAccountJwt(
  did: string,
  keypair: Secp256k1Keypair,
  aud: string,
  lxm: string = CREATE_ACCOUNT,
): Promise<string> {
  return createServiceJwt({ iss: did, aud, lxm, keypair });
}

// createAccount for an existing DID, with the JWT as its bearer (null: none); the agent holds the session.
export async function createDidAccount(
  pdsUrl: string,
  did: string,
  handle: string,
  jwt: string | null,
): Promise<AtpAgent> {
  const agent = new AtpAgent({ service: pdsUrl });
  await agent.createAccount(
    { did, handle, email: `${handle}@example.com`, password: "did-web-password" },
    jwt === null ? undefined : { headers: { authorization: `Bearer ${jwt}` } },
  );
  return agent;
}
