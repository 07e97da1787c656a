// did:plc identities whose DID document names a test upstream (e.g. a fake firehose) as their PDS,
// with a signing key the test holds: Jetstream accepts a DID's events only from the PDS its document
// names, so a fake upstream can only speak for identities registered this way.
import { randomBytes } from "node:crypto";
import { Secp256k1Keypair } from "@atproto/crypto";
import { PlcClient } from "@atrarium/plc/client";

export interface HostedIdentity {
  did: string;
  handle: string;
  key: Secp256k1Keypair;
}

export async function hostedIdentity(plcUrl: string, pdsUrl: string): Promise<HostedIdentity> {
  const key = await Secp256k1Keypair.create();
  const handle = `h${randomBytes(5).toString("hex")}.test`;
  const did = await new PlcClient(plcUrl).createDid({
    signingKey: key.did(),
    handle,
    pds: pdsUrl,
    rotationKeys: [key.did()],
    signer: key,
  });
  return { did, handle, key };
}

// Points the identity's DID document at another PDS, as an account migration does.
export async function movePds(plcUrl: string, identity: HostedIdentity, pdsUrl: string): Promise<void> {
  await new PlcClient(plcUrl).updateData(identity.did, identity.key, (current) => ({
    ...current,
    services: { ...current.services, atproto_pds: { type: "AtprotoPersonalDataServer", endpoint: pdsUrl } },
  }));
}
