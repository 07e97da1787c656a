// A did:plc the test controls (keys held here, registered on our PLC), to sign service JWTs and
// repo commits with whatever key or claims a case needs, and to rotate its #atproto key.
import { randomBytes } from "node:crypto";
import { type Keypair, P256Keypair, Secp256k1Keypair } from "@atproto/crypto";
import { PlcClient } from "@atrarium/plc";

export interface OwnIdentity {
  did: string;
  key: Keypair;
  // Replaces the #atproto key in the PLC directory; returns the new key (also set as `key`).
  rotate: () => Promise<Keypair>;
}

export async function ownIdentity(
  plcUrl: string,
  opts: { pds?: string; p256?: boolean } = {},
): Promise<OwnIdentity> {
  const plc = new PlcClient(plcUrl);
  const rotationKey = await Secp256k1Keypair.create();
  const newKey = () => (opts.p256 ? P256Keypair.create() : Secp256k1Keypair.create());
  const identity: OwnIdentity = {
    did: "",
    key: await newKey(),
    rotate: async () => {
      const next = await newKey();
      await plc.updateData(identity.did, rotationKey, (current) => ({
        ...current,
        verificationMethods: { ...current.verificationMethods, atproto: next.did() },
      }));
      identity.key = next;
      return next;
    },
  };
  identity.did = await plc.createDid({
    signingKey: identity.key.did(),
    handle: `own${randomBytes(4).toString("hex")}.test`,
    pds: opts.pds ?? "http://127.0.0.1:9",
    rotationKeys: [rotationKey.did()],
    signer: rotationKey,
  });
  return identity;
}

const b64url = (data: Uint8Array | string) => Buffer.from(data).toString("base64url");

// A service JWT as a PDS makes one, with any claims overridden (undefined drops a claim).
export async function signServiceJwt(
  key: Keypair,
  claims: { iss: string; aud: string; lxm?: string; iat?: number; exp?: number; [k: string]: unknown },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload = Object.fromEntries(
    Object.entries({ iat: now, exp: now + 60, jti: randomBytes(8).toString("hex"), ...claims }).filter(
      ([, v]) => v !== undefined,
    ),
  );
  const input = `${b64url(JSON.stringify({ typ: "JWT", alg: key.jwtAlg }))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${b64url(await key.sign(new TextEncoder().encode(input)))}`;
}
