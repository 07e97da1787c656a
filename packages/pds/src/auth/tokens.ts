// Session tokens: HS256 JWTs as the official PDS issues them (access scope `com.atproto.access`,
// refresh scope `com.atproto.refresh` with a jti the account DB can revoke).
import { randomBytes } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { type Clock, systemClock } from "../clock.ts";
import { XrpcError } from "../xrpc/errors.ts";

export const ACCESS_SCOPE = "com.atproto.access";
export const REFRESH_SCOPE = "com.atproto.refresh";

export interface TokenConfig {
  secret: Uint8Array;
  serviceDid: string;
  accessTtlSec: number;
  refreshTtlSec: number;
}

export interface TokenClaims {
  sub: string;
  scope: string;
  jti?: string;
  exp: number;
}

export function createTokenSigner(cfg: TokenConfig, clock: Clock = systemClock) {
  const sign = (claims: Record<string, unknown>, ttlSec: number) => {
    const nowSec = Math.floor(clock.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", typ: claims.scope === ACCESS_SCOPE ? "at+jwt" : "refresh+jwt" })
      .setAudience(cfg.serviceDid)
      .setIssuedAt(nowSec)
      .setExpirationTime(nowSec + ttlSec)
      .sign(cfg.secret);
  };

  // A verified access token is cached until it expires: the hot write path then skips the HMAC.
  const verified = new Map<string, TokenClaims>();

  return {
    async createAccessToken(did: string): Promise<string> {
      return sign({ scope: ACCESS_SCOPE, sub: did }, cfg.accessTtlSec);
    },
    async createRefreshToken(did: string): Promise<{ token: string; jti: string; expiresAt: number }> {
      const jti = randomBytes(24).toString("base64url");
      const token = await sign({ scope: REFRESH_SCOPE, sub: did, jti }, cfg.refreshTtlSec);
      return { token, jti, expiresAt: clock.now() + cfg.refreshTtlSec * 1000 };
    },
    async verify(token: string, scope: string): Promise<TokenClaims> {
      const cached = verified.get(token);
      if (cached && cached.exp * 1000 > clock.now()) return checkScope(cached, scope);
      let claims: TokenClaims;
      try {
        const { payload } = await jwtVerify(token, cfg.secret, {
          audience: cfg.serviceDid,
          currentDate: new Date(clock.now()),
        });
        claims = payload as unknown as TokenClaims;
      } catch (err) {
        // Official status codes: an expired token is a 400 (clients refresh on it), a bad one a 401.
        if (err instanceof joseErrors.JWTExpired)
          throw new XrpcError(400, "ExpiredToken", "Token has expired");
        throw new XrpcError(401, "InvalidToken", "Token could not be verified");
      }
      if (typeof claims.sub !== "string") throw new XrpcError(401, "InvalidToken", "Token has no subject");
      if (verified.size > 10_000) verified.clear();
      verified.set(token, claims);
      return checkScope(claims, scope);
    },
    forget(token: string) {
      verified.delete(token);
    },
  };
}

function checkScope(claims: TokenClaims, scope: string): TokenClaims {
  if (claims.scope !== scope) throw new XrpcError(401, "InvalidToken", "Bad token scope");
  return claims;
}

export type TokenSigner = ReturnType<typeof createTokenSigner>;
