// The provider's secrets, derived from the PDS's JWT secret (persisted in the data directory's
// secrets.json or given as PDS_JWT_SECRET) so they survive restarts without a file of their own. Each
// is an HMAC of that secret under its own label: the OAuth token key differs from the session-JWT key
// itself, so an OAuth access token can never pass as a session JWT (nor the other way round).
import { createHmac, createSecretKey } from "node:crypto";
import { JoseKey } from "@atproto/oauth-provider/provider";

function derive(secret: string, label: string): Buffer {
  return createHmac("sha256", secret).update(`aurora-locus/${label}`).digest();
}

export async function oauthSigningKey(jwtSecret: string): Promise<JoseKey> {
  return JoseKey.fromKeyLike(
    createSecretKey(derive(jwtSecret, "oauth-token-key/v1")),
    "oauth-hs256",
    "HS256",
  );
}

// Signs the DPoP nonces the provider hands out (they must stay valid across a restart).
export function dpopSecret(jwtSecret: string): Uint8Array {
  return new Uint8Array(derive(jwtSecret, "oauth-dpop-nonce/v1"));
}
