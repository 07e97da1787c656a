// Inter-service JWTs signed with the account's repo key (ES256K for secp256k1), as
// com.atproto.server.getServiceAuth and the official PDS's service proxying produce them.
import { randomBytes } from "node:crypto";
import type { Keypair } from "@atproto/crypto";

export interface ServiceJwtParams {
  iss: string;
  aud: string;
  lxm?: string | null;
  exp: number;
  keypair: Keypair;
}

const b64url = (data: Uint8Array | string) => Buffer.from(data).toString("base64url");

export async function createServiceJwt(params: ServiceJwtParams): Promise<string> {
  const header = { typ: "JWT", alg: params.keypair.jwtAlg };
  const payload: Record<string, unknown> = {
    iat: Math.floor(Date.now() / 1000),
    iss: params.iss,
    aud: params.aud,
    exp: params.exp,
    jti: randomBytes(16).toString("hex"),
  };
  if (params.lxm) payload.lxm = params.lxm;
  const toSign = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const sig = await params.keypair.sign(new TextEncoder().encode(toSign));
  return `${toSign}.${b64url(sig)}`;
}
