// Who is calling and may they: a presented service JWT is verified (signature, aud, lxm, times) and
// checked against replay; the caller is then rate-limited per DID, an anonymous caller per IP. Failed
// authentication is charged to the IP, so a flood of bad tokens meets 429 too.
import type { Context } from "hono";
import { tokenHash, verifyServiceJwt } from "../auth/service-jwt.ts";
import type { Env } from "../env.ts";
import { rateLimitHeaders } from "../guard/rate-window.ts";
import type { AdmitResult } from "../guard/request-guard.ts";
import { resolverOf } from "../identity/resolver-of.ts";
import { XrpcError } from "../shared/xrpc-error.ts";
import { guardOf } from "../sync/sync-of.ts";
import { type ApiBindings, numberVar } from "./api-env.ts";

export interface GateResult {
  viewer: string | null;
}

type LimitName = "API" | "FEED";

export function limitOf(env: ApiBindings, name: LimitName) {
  return {
    limit: numberVar(env, `${name}_RATE_LIMIT`),
    windowMs: numberVar(env, `${name}_RATE_WINDOW_SECONDS`) * 1000,
  };
}

export const clientIp = (c: Context) => c.req.header("cf-connecting-ip") ?? "unknown";

export function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw new XrpcError(401, "BadAuthorization", "Authorization must be `Bearer <service JWT>`");
  return match[1];
}

// Applies the rate-limit decision: headers always, 429 when refused.
function charge(result: AdmitResult, headers: Record<string, string>): void {
  if (result.replayed) throw new XrpcError(401, "JwtReplayed", "this token was already used");
  Object.assign(headers, rateLimitHeaders(result));
  if (!result.allowed)
    throw new XrpcError(429, "RateLimitExceeded", `rate limit of ${result.limit} requests exceeded`);
}

export async function gate(
  c: Context<{ Bindings: Env }>,
  opts: { lxm: string; auth: "optional" | "required"; limit: LimitName },
  headers: Record<string, string>,
): Promise<GateResult> {
  const env = c.env;
  const limit = limitOf(env, opts.limit);
  const byIp = async () => charge(await guardOf(env, `ip:${clientIp(c)}`).admit(limit), headers);
  let token: string | null;
  try {
    token = bearerToken(c.req.header("authorization"));
  } catch (err) {
    await byIp();
    throw err;
  }
  if (!token) {
    await byIp();
    if (opts.auth === "required")
      throw new XrpcError(401, "AuthenticationRequired", "a service JWT is required");
    return { viewer: null };
  }
  let caller: Awaited<ReturnType<typeof verifyServiceJwt>>;
  try {
    caller = await verifyServiceJwt(
      token,
      { serviceDid: env.SERVICE_DID, lxm: opts.lxm, now: Math.floor(Date.now() / 1000) },
      resolverOf(env),
    );
  } catch (err) {
    if (err instanceof XrpcError && err.status === 401) await byIp();
    throw err;
  }
  const subject = opts.limit === "FEED" ? `feed:${caller.did}` : `did:${caller.did}`;
  const replayGuarded =
    opts.limit === "API" ? { token: { hash: await tokenHash(token), exp: caller.exp } } : {};
  charge(await guardOf(env, subject).admit({ ...limit, ...replayGuarded }), headers);
  return { viewer: caller.did };
}
