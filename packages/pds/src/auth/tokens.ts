// Session tokens: HS256 JWTs as the official PDS issues them (access scope `com.atproto.access`, or an
// app-password scope, see scopes.ts; refresh scope `com.atproto.refresh` with a jti the account DB can
// revoke). Both carry `sid`, the login they belong to, kept across refreshes: ending a session (app
// password revoked, password reset) revokes that id, and its access tokens stop working at once.
import { randomBytes } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { type Clock, systemClock } from "../clock.ts";
import { XrpcError } from "../xrpc/errors.ts";
import { ACCESS_SCOPE, REFRESH_SCOPE } from "./scopes.ts";

export { ACCESS_SCOPE, REFRESH_SCOPE } from "./scopes.ts";

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
  sid?: string;
  exp: number;
}

export function newSessionId(): string {
  return randomBytes(16).toString("base64url");
}

export function newRefreshTokenId(): string {
  return randomBytes(24).toString("base64url");
}

export function createTokenSigner(cfg: TokenConfig, clock: Clock = systemClock) {
  const sign = (claims: Record<string, unknown>, ttlSec: number) => {
    const nowSec = Math.floor(clock.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", typ: claims.scope === REFRESH_SCOPE ? "refresh+jwt" : "at+jwt" })
      .setAudience(cfg.serviceDid)
      .setIssuedAt(nowSec)
      .setExpirationTime(nowSec + ttlSec)
      .sign(cfg.secret);
  };

  // A verified access token is cached until it expires: the hot write path then skips the HMAC.
  const verified = new Map<string, TokenClaims>();

  return {
    async createAccessToken(did: string, sid: string, scope = ACCESS_SCOPE): Promise<string> {
      return sign({ scope, sub: did, sid }, cfg.accessTtlSec);
    },
    // `jti`: a refresh token id already chosen (a refresh reusing its token within the grace period).
    async createRefreshToken(
      did: string,
      sid: string,
      jti: string = newRefreshTokenId(),
    ): Promise<{ token: string; jti: string; expiresAt: number }> {
      const token = await sign({ scope: REFRESH_SCOPE, sub: did, jti, sid }, cfg.refreshTtlSec);
      return { token, jti, expiresAt: clock.now() + cfg.refreshTtlSec * 1000 };
    },
    // `scopes`: the scopes the caller accepts (one for refresh tokens, several for access tokens).
    async verify(token: string, scopes: readonly string[]): Promise<TokenClaims> {
      const cached = verified.get(token);
      if (cached && cached.exp * 1000 > clock.now()) return checkScope(cached, scopes);
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
      return checkScope(claims, scopes);
    },
    forget(token: string) {
      verified.delete(token);
    },
  };
}

function checkScope(claims: TokenClaims, scopes: readonly string[]): TokenClaims {
  if (scopes.includes(claims.scope)) return claims;
  // An access token of a narrower scope (an app password's) on a full-access method: the official
  // PDS's 400; a token of the wrong kind altogether (refresh for access) stays a 401.
  if (claims.scope !== REFRESH_SCOPE && scopes.includes(ACCESS_SCOPE))
    throw new XrpcError(400, "InvalidToken", "Bad token scope");
  throw new XrpcError(401, "InvalidToken", "Bad token scope");
}

export type TokenSigner = ReturnType<typeof createTokenSigner>;
