// Inter-service JWTs as a PDS issues them (com.atproto.server.getServiceAuth, or when it proxies a
// call with `atproto-proxy`): signed by the caller's #atproto key, ES256K (secp256k1) or ES256 (P-256).
// The claim checks are pure; the signature check resolves the issuer's DID document (cached) and
// re-fetches it once when the signature does not match, to follow a key rotation.
import { verifySignature } from "@atproto/crypto";
import { type DidResolver, IdentityError } from "../identity/did-resolver.ts";
import { XrpcError } from "../shared/xrpc-error.ts";
import { decodeBase64Url } from "./base64url.ts";

// Tolerated clock difference between the issuer and us.
export const CLOCK_SKEW_SECONDS = 30;
// Longest lifetime accepted (getServiceAuth allows at most an hour); it bounds the replay cache.
export const MAX_LIFETIME_SECONDS = 60 * 60;
const SERVICE_FRAGMENTS = ["", "#atrarium_api", "#bsky_fg"];
const REJECTED_TYPES = new Set(["at+jwt", "refresh+jwt", "dpop+jwt"]);

export interface JwtExpectations {
  serviceDid: string;
  // The NSID of the called method.
  lxm: string;
  // Unix seconds.
  now: number;
}

export interface ParsedJwt {
  alg: string;
  iss: string;
  aud: string;
  lxm: string | undefined;
  exp: number;
  iat: number;
  jti: string | undefined;
  // `header.payload` as sent: what the signature covers.
  signingInput: Uint8Array;
  signature: Uint8Array;
}

export interface VerifiedCaller {
  did: string;
  // Unix seconds; the replay cache keeps the token's key until then.
  exp: number;
  // What the replay cache remembers the token by (replayKey).
  replayKey: string;
}

const authError = (error: string, message: string) => new XrpcError(401, error, message);

function decodeSegment(segment: string): unknown {
  return JSON.parse(
    new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(decodeBase64Url(segment)),
  );
}

export function parseJwt(token: string): ParsedJwt {
  const parts = token.split(".");
  if (parts.length !== 3 || token.length > 8192) throw authError("BadJwt", "malformed JWT");
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  let signature: Uint8Array;
  try {
    header = decodeSegment(parts[0]) as Record<string, unknown>;
    payload = decodeSegment(parts[1]) as Record<string, unknown>;
    signature = decodeBase64Url(parts[2]);
  } catch {
    throw authError("BadJwt", "malformed JWT");
  }
  if (!header || typeof header !== "object" || !payload || typeof payload !== "object")
    throw authError("BadJwt", "malformed JWT");
  if (header.alg !== "ES256K" && header.alg !== "ES256")
    throw authError("BadJwt", `unsupported JWT algorithm ${String(header.alg)}`);
  if (typeof header.typ === "string" && REJECTED_TYPES.has(header.typ))
    throw authError("BadJwtType", `a ${header.typ} token is not a service token`);
  const { iss, aud, lxm, exp, iat, jti } = payload;
  if (
    typeof iss !== "string" ||
    typeof aud !== "string" ||
    typeof exp !== "number" ||
    typeof iat !== "number"
  )
    throw authError("BadJwt", "JWT must carry iss, aud, exp and iat");
  if (lxm !== undefined && typeof lxm !== "string") throw authError("BadJwt", "lxm must be a string");
  return {
    alg: header.alg,
    iss,
    aud,
    lxm,
    exp,
    iat,
    // Any other jti is no name for the token; the replay key falls back to the signed part.
    jti: typeof jti === "string" && jti.length > 0 && jti.length <= 256 ? jti : undefined,
    signingInput: new TextEncoder().encode(`${parts[0]}.${parts[1]}`),
    signature,
  };
}

export function checkClaims(jwt: ParsedJwt, expect: JwtExpectations): void {
  if (!/^did:[a-z]+:[a-zA-Z0-9._:%-]+$/.test(jwt.iss))
    throw authError("BadJwtIss", "iss must be a DID (without a service fragment)");
  const audiences = SERVICE_FRAGMENTS.map((f) => `${expect.serviceDid}${f}`);
  if (!audiences.includes(jwt.aud))
    throw authError(
      "BadJwtAudience",
      `aud must be ${expect.serviceDid} (optionally #atrarium_api or #bsky_fg)`,
    );
  if (jwt.lxm !== expect.lxm)
    throw authError(
      "BadJwtLexiconMethod",
      jwt.lxm === undefined ? `lxm missing, must be ${expect.lxm}` : `lxm must be ${expect.lxm}`,
    );
  if (expect.now >= jwt.exp) throw authError("JwtExpired", "JWT expired");
  if (jwt.iat > expect.now + CLOCK_SKEW_SECONDS) throw authError("BadJwtIat", "JWT issued in the future");
  if (jwt.exp - Math.min(jwt.iat, expect.now) > MAX_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS)
    throw authError("BadJwtLifetime", `JWT lifetime exceeds ${MAX_LIFETIME_SECONDS} s`);
}

async function signedBy(key: string, jwt: ParsedJwt): Promise<boolean> {
  try {
    // Low-S is not required: other services' libraries do not all normalise JWT signatures.
    return await verifySignature(key, jwt.signingInput, jwt.signature, {
      jwtAlg: jwt.alg,
      allowMalleableSig: true,
    });
  } catch {
    return false;
  }
}

export async function verifyServiceJwt(
  token: string,
  expect: JwtExpectations,
  resolver: DidResolver,
): Promise<VerifiedCaller> {
  const jwt = parseJwt(token);
  checkClaims(jwt, expect);
  const verified = async () => ({ did: jwt.iss, exp: jwt.exp, replayKey: await replayKey(jwt) });
  try {
    const cached = await resolver.resolve(jwt.iss);
    if (await signedBy(cached.signingKey, jwt)) return verified();
    // The key may have rotated since we cached the document: look once more.
    const fresh = await resolver.resolve(jwt.iss, { fresh: true });
    if (fresh.signingKey !== cached.signingKey && (await signedBy(fresh.signingKey, jwt))) return verified();
  } catch (err) {
    if (err instanceof IdentityError) {
      if (err.notFound) throw authError("UnknownDid", err.message);
      // Not the caller's fault: the issuer's identity cannot be checked right now.
      throw new XrpcError(503, "DidResolutionFailed", err.message);
    }
    throw err;
  }
  throw authError("BadJwtSignature", "JWT signature does not match the issuer's #atproto key");
}

// A token is remembered by what its issuer signed, never by its text or signature: an ECDSA signature
// has two valid forms (s and n - s, both accepted above), so the text of a used token can change
// while it stays valid. With a jti the issuer names the token itself; without one, the signed
// header.payload does.
export async function replayKey(jwt: ParsedJwt): Promise<string> {
  const named =
    jwt.jti !== undefined
      ? new TextEncoder().encode(`jti\n${jwt.iss}\n${jwt.jti}`)
      : new Uint8Array([...new TextEncoder().encode("signed\n"), ...jwt.signingInput]);
  const digest = await crypto.subtle.digest("SHA-256", named);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
