// Verifies an inter-service JWT (as getServiceAuth makes them) presented to this PDS: audience our
// service DID, the expected lexicon method, not expired, signed by the issuer's atproto key. Error
// names and 401s follow @atproto/xrpc-server's verifyJwt.
import { verifySignature } from "@atproto/crypto";
import { XrpcError } from "../xrpc/errors.ts";

const denied = (error: string, message: string) => new XrpcError(401, error, message);

function part(b64: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(b64, "base64url").toString("utf8"));
    if (value && typeof value === "object") return value;
  } catch {}
  throw denied("BadJwt", "poorly formatted jwt");
}

export async function verifyServiceJwt(
  token: string,
  opts: { aud: string; lxm: string; signingKey: (iss: string) => Promise<string | null> },
): Promise<{ iss: string }> {
  const parts = token.split(".");
  if (parts.length !== 3) throw denied("BadJwt", "poorly formatted jwt");
  const header = part(parts[0]);
  const payload = part(parts[1]);
  if (typeof header.alg !== "string") throw denied("BadJwt", "poorly formatted jwt");
  // Session tokens are not service tokens, even though both are JWTs.
  if (header.typ === "at+jwt" || header.typ === "refresh+jwt" || header.typ === "dpop+jwt")
    throw denied("BadJwtType", `Invalid jwt type "${String(header.typ)}"`);
  if (typeof payload.exp !== "number" || Date.now() / 1000 > payload.exp)
    throw denied("JwtExpired", "jwt expired");
  if (payload.aud !== opts.aud) throw denied("BadJwtAudience", "jwt audience does not match service did");
  if (payload.lxm !== opts.lxm) {
    throw denied(
      "BadJwtLexiconMethod",
      payload.lxm === undefined
        ? `missing jwt lexicon method ("lxm"). must match: ${opts.lxm}`
        : `bad jwt lexicon method ("lxm"). must match: ${opts.lxm}`,
    );
  }
  const iss = payload.iss;
  if (typeof iss !== "string" || !iss.startsWith("did:"))
    throw denied("BadJwtIss", "jwt iss is not a valid did");
  const key = await opts.signingKey(iss);
  if (!key) throw denied("BadJwtIss", "could not resolve the signing key of the jwt issuer");
  const signed = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
  const valid = await verifySignature(key, signed, Buffer.from(parts[2], "base64url"), {
    jwtAlg: header.alg,
    allowMalleableSig: true,
  }).catch(() => false);
  if (!valid) throw denied("BadJwtSignature", "jwt signature does not match jwt issuer");
  return { iss };
}
