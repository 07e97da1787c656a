// Who is calling and may they (a service JWT, or an Atrarium session token from /oauth/login). Every request is charged to its IP: an anonymous one to the IP's
// budget, a signed-in one to the IP's (larger) signed-in budget before its token is even looked at,
// so identities made up by the dozen (did:web costs nothing) share their IP's budget. A presented
// service JWT is then verified (signature, aud, lxm, times) and checked against replay, and the
// caller is charged per DID. Any failed authentication (a bad token, a replay, a DID whose document
// cannot be fetched) is charged to the IP's anonymous budget, and an IP that has used that up is
// refused before its next token makes the Worker fetch a DID document.
import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { bearerToken } from "../auth/bearer-token.ts";
import { verifyServiceJwt } from "../auth/service-jwt.ts";
import { rateLimitHeaders } from "../guard/rate-window.ts";
import type { AdmitResult, NamedLimit } from "../guard/request-guard.ts";
import { verifySessionToken } from "../oauth/session-caller.ts";
import { isSessionToken } from "../oauth/session-token.ts";
import type { Settings } from "../settings.ts";
import { XrpcError } from "../shared/xrpc-error.ts";

export interface GateResult {
  viewer: string | null;
}

type LimitName = "API" | "FEED";

export function limitOf(
  settings: Pick<Settings, "budgets">,
  name: LimitName | "API_IP" | "REBUILD",
  window = "main",
): NamedLimit {
  return { window, ...settings.budgets[name] };
}

// Cloudflare sets CF-Connecting-IP on every request (a client cannot choose it); `wrangler dev` sets
// it to the client's address too. Without it (some other runtime) everyone shares one budget.
export const clientIp = (c: Context) => c.req.header("cf-connecting-ip") ?? "no-client-ip";

// Applies a guard's answer: RateLimit-* headers when `report` (or when refused), 429 when refused.
export function charge(result: AdmitResult, headers: Record<string, string>, report = true): void {
  if (result.replayed) throw new XrpcError(401, "JwtReplayed", "this token was already used");
  if (result.decision && (report || !result.allowed))
    Object.assign(headers, rateLimitHeaders(result.decision));
  if (!result.allowed)
    throw new XrpcError(
      429,
      "RateLimitExceeded",
      `rate limit of ${result.decision?.limit ?? 0} requests exceeded`,
    );
}

export async function gate(
  c: Context<AppEnv>,
  opts: { lxm: string; auth: "optional" | "required"; limit: LimitName },
  headers: Record<string, string>,
): Promise<GateResult> {
  const { settings, stubs, resolver } = c.var.services;
  const ipGuard = stubs.guard(`ip:${clientIp(c)}`);
  // Failed authentications have a window of their own, checked before a token is verified, so that
  // anonymous traffic from an address does not lock its signed-in users out. They count against the
  // anonymous budget too. Feed requests come through the AppView, many viewers from few addresses:
  // there only failures count against an IP, in a budget of their own.
  const failures =
    opts.limit === "FEED"
      ? [limitOf(settings, "FEED", "feed-failures")]
      : [limitOf(settings, "API"), limitOf(settings, "API", "failures")];
  const failed = async () => charge(await ipGuard.admit({ charge: failures }), headers);
  const anonymous = async () =>
    charge(await ipGuard.admit({ charge: [limitOf(settings, opts.limit)] }), headers);
  let token: string | null;
  try {
    token = bearerToken(c.req.header("authorization"));
  } catch (err) {
    await failed();
    throw err;
  }
  if (!token) {
    await anonymous();
    if (opts.auth === "required")
      throw new XrpcError(401, "AuthenticationRequired", "a service JWT is required");
    return { viewer: null };
  }
  const signedIn = opts.limit === "API" ? [limitOf(settings, "API_IP", "signed")] : [];
  charge(await ipGuard.admit({ charge: signedIn, require: [failures.at(-1) as NamedLimit] }), headers, false);
  const subject = opts.limit === "FEED" ? "feed:" : "did:";
  try {
    // An Atrarium session token (a browser signed in at /oauth/login) stands for its DID on API
    // methods; feed requests come from AppViews, with service JWTs only.
    if (opts.limit === "API" && isSessionToken(token)) {
      const { did } = await verifySessionToken(c.var.services, token);
      charge(await stubs.guard(`did:${did}`).admit({ charge: [limitOf(settings, "API")] }), headers);
      return { viewer: did };
    }
    const caller = await verifyServiceJwt(
      token,
      { serviceDid: settings.serviceDid, lxm: opts.lxm, now: Math.floor(Date.now() / 1000) },
      resolver,
    );
    const replayGuarded = opts.limit === "API" ? { token: { key: caller.replayKey, exp: caller.exp } } : {};
    const result = await stubs.guard(`${subject}${caller.did}`).admit({
      charge: [limitOf(settings, opts.limit)],
      ...replayGuarded,
    });
    charge(result, headers);
    return { viewer: caller.did };
  } catch (err) {
    if (err instanceof XrpcError && (err.status === 401 || err.status === 503)) await failed();
    throw err;
  }
}
