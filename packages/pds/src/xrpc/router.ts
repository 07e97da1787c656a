// One Hono route for every XRPC method: method lookup, HTTP verb, auth, lexicon validation of params
// and input, and the error envelope. Handlers see validated data and throw XrpcError for failures.
import type { Lexicons } from "@atproto/lexicon";
import { Hono } from "hono";
import { authorizeAdmin } from "../auth/admin-access.ts";
import {
  type AuthResponseHeaders,
  authenticateOAuth,
  dpopTokenAsBearer,
  isDpopBoundToken,
} from "../auth/oauth-access.ts";
import { checkOAuthRule } from "../auth/oauth-permissions.ts";
import { ACCESS_FULL, ACCESS_STANDARD, REFRESH_SCOPE } from "../auth/scopes.ts";
import type { PdsConfig } from "../config.ts";
import type { AppContext } from "../context.ts";
import { noteAuthFailure } from "../observability/auth-failures.ts";
import { defaultServiceFor } from "../proxy/default-service.ts";
import { proxyRequest } from "../proxy/proxy-request.ts";
import { clientIp, peerAddress } from "../rate-limit/client-ip.ts";
import { GLOBAL_LIMIT } from "../rate-limit/limits.ts";
import {
  errorWithRateLimitHeaders,
  RateLimits,
  tightest,
  withRateLimitHeaders,
} from "../rate-limit/rate-limits.ts";
import { readLimitedBody } from "./body-limit.ts";
import { XrpcError } from "./errors.ts";
import type { AuthMode, Caller, MethodResult, XrpcMethod } from "./method.ts";
import { decodeQueryParams } from "./params.ts";
import { noteValidatedRequest } from "./request-input.ts";

// Headers the authentication step adds to whatever response the request ends with (DPoP-Nonce).
type RouterEnv = { Variables: { authHeaders: AuthResponseHeaders } };

export function createXrpcRouter(ctx: AppContext, lexicons: Lexicons, methods: XrpcMethod[]) {
  const registry = new Map(methods.map((m) => [m.nsid, m]));
  const app = new Hono<RouterEnv>();
  const rateLimits = new RateLimits({
    enabled: ctx.cfg.rateLimitsEnabled,
    bypassKey: ctx.cfg.rateLimitBypassKey,
    bypassIps: ctx.cfg.rateLimitBypassIps,
    onHit: (limit) => ctx.observability.metrics.rateLimitHit(limit),
  });

  app.all("/xrpc/:nsid", async (c) => {
    const nsid = c.req.param("nsid");
    // The per-address budget comes first, before any work (auth, body) is spent on the request.
    const ip = clientIp(peerAddress(c.env), c.req.header("x-forwarded-for"), ctx.cfg.trustProxy);
    const limited = rateLimits.applies(ip, c.req.header("x-ratelimit-bypass"));
    const globalStatus = limited ? await rateLimits.consume([GLOBAL_LIMIT], { ip }) : null;
    const authHeaders: AuthResponseHeaders = {};
    c.set("authHeaders", authHeaders);
    const m = registry.get(nsid);
    const proxyTo = c.req.header("atproto-proxy") ?? defaultServiceFor(ctx.cfg, nsid);
    if (!m || (m.onlyWithoutService && proxyTo !== undefined)) {
      // Methods this PDS does not implement go to the service the client names, else to the configured
      // default one (proxy/default-service.ts), for signed-in callers.
      if (proxyTo === undefined)
        throw new XrpcError(400, "InvalidRequest", `No service configured for ${nsid}`);
      const caller = await authenticate(ctx, "access", c.req.raw, authHeaders, nsid);
      return withHeaders(
        withRateLimitHeaders(
          await proxyRequest(ctx, c.req.raw, nsid, proxyTo, caller as Caller),
          globalStatus,
        ),
        authHeaders,
      );
    }
    const verb = c.req.method;
    if (
      (m.type === "query" && verb !== "GET" && verb !== "HEAD") ||
      (m.type === "procedure" && verb !== "POST")
    ) {
      throw new XrpcError(
        400,
        "InvalidRequest",
        `Incorrect HTTP method (${verb}) expected ${m.type === "query" ? "GET" : "POST"}`,
      );
    }
    const caller = await authenticate(ctx, m.auth, c.req.raw, authHeaders, nsid);
    // Refused outright before any input is read; other rules run once params and input are valid.
    if (caller?.oauth && (m.oauth === undefined || m.oauth === "refuse"))
      checkOAuthRule(m.oauth, caller.oauth.permissions, {
        ctx,
        params: {},
        input: undefined,
        req: c.req.raw,
      });
    const def = lexicons.getDef(nsid) as { parameters?: never; input?: { encoding?: string } } | undefined;
    const url = new URL(c.req.url);
    const params = decodeQueryParams(def?.parameters, url.searchParams);
    try {
      lexicons.assertValidXrpcParams(nsid, params);
    } catch (err) {
      throw new XrpcError(400, "InvalidRequest", (err as Error).message);
    }
    const encoding = def?.input?.encoding;
    const input =
      m.type === "procedure" && !m.rawInput && encoding
        ? await readInput(c.req.raw, encoding, m.bodyLimit?.(ctx.cfg) ?? defaultBodyLimit(ctx.cfg, encoding))
        : undefined;
    if (input !== undefined && def?.input?.encoding === "application/json") {
      try {
        lexicons.assertValidXrpcInput(nsid, input);
      } catch (err) {
        throw new XrpcError(400, "InvalidRequest", (err as Error).message);
      }
    }
    // For the admin audit log (observability/admin-actions.ts), which runs around this router. Only
    // admin calls: holding every request's input (a record write's up to 1 MB) until the Request is
    // collected raises the server's peak memory under load.
    if (m.auth === "admin") noteValidatedRequest(c.req.raw, { params, input });
    if (caller?.oauth)
      checkOAuthRule(m.oauth, caller.oauth.permissions, { ctx, params, input, req: c.req.raw });
    const methodStatus =
      limited && m.rateLimits
        ? await rateLimits.consume(m.rateLimits, { ip, did: caller?.did, input })
        : null;
    const status = tightest(globalStatus, methodStatus);
    const result = await m
      .handler(ctx, { params: params as never, input, caller, req: c.req.raw })
      .catch((err: unknown) => {
        throw errorWithRateLimitHeaders(err, status);
      });
    return withHeaders(withRateLimitHeaders(toResponse(result), status), authHeaders);
  });

  app.onError((err, c) => {
    const { metrics } = ctx.observability;
    noteAuthFailure(ctx.logger, metrics.authFailure, c.req.param("nsid") ?? "", err);
    return withHeaders(errorResponse(err, ctx), c.get("authHeaders") ?? {});
  });
  return app;
}

// `Bearer <session JWT>` (createSession's tokens) or `DPoP <OAuth access token>` with its proof; an
// OAuth session's scopes are checked per method afterwards (the method's `oauth` rule).
async function authenticate(
  ctx: AppContext,
  auth: AuthMode,
  req: Request,
  authHeaders: AuthResponseHeaders,
  nsid: string,
): Promise<Caller | null> {
  if (auth === "none") return null;
  if (auth === "admin") {
    // The method's role (auth/admin-roles.ts) is checked here too: 403 for a role without the right.
    await authorizeAdmin(ctx, nsid, req);
    return null;
  }
  const header = req.headers.get("authorization") ?? undefined;
  // The scheme is case-insensitive (RFC 9110), as the official PDS reads it.
  if (header?.slice(0, 5).toLowerCase() === "dpop ") {
    if (auth === "refresh")
      throw new XrpcError(
        401,
        "InvalidToken",
        "OAuth access tokens cannot be used here: this method takes a session refresh token",
      );
    return authenticateOAuth(ctx, req, authHeaders);
  }
  const token = header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
  if (!token) {
    if (auth === "optional") return null;
    throw new XrpcError(401, "AuthenticationRequired", "Authentication Required");
  }
  const scopes =
    auth === "refresh" ? [REFRESH_SCOPE] : auth === "access-full" ? ACCESS_FULL : ACCESS_STANDARD;
  const claims = await ctx.tokens.verify(token, scopes).catch((err: unknown) => {
    // An OAuth access token never passes as a session JWT (it is signed with another key): say why.
    if (err instanceof XrpcError && err.status === 401 && isDpopBoundToken(token)) throw dpopTokenAsBearer();
    throw err;
  });
  // An ended login's access tokens stop here (a revoked refresh token has no row left to refresh with).
  if (auth !== "refresh" && claims.sid && ctx.revocations.isRevoked(claims.sid))
    throw new XrpcError(401, "InvalidToken", "Token has been revoked");
  return { did: claims.sub, token, jti: claims.jti, scope: claims.scope, sessionId: claims.sid };
}

// As @atproto/xrpc-server's payload limits in the official PDS: JSON, text, anything else.
function defaultBodyLimit(cfg: PdsConfig, encoding: string): number {
  if (encoding === "application/json") return cfg.maxJsonBodyBytes;
  if (encoding.startsWith("text/")) return cfg.maxTextBodyBytes;
  return cfg.blobUploadLimit;
}

// The body is read with its limit enforced while it streams (never whole first, then measured).
async function readInput(req: Request, encoding: string, limit: number): Promise<unknown> {
  const bytes = await readLimitedBody(req, limit);
  if (encoding !== "application/json") return bytes;
  if (bytes.byteLength === 0) throw new XrpcError(400, "InvalidRequest", "Request body is required");
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new XrpcError(400, "InvalidRequest", "Request body is not valid JSON");
  }
}

function withHeaders(res: Response, headers: Record<string, string>): Response {
  const entries = Object.entries(headers);
  if (entries.length === 0) return res;
  try {
    for (const [name, value] of entries) res.headers.set(name, value);
    return res;
  } catch {
    // A response whose headers are immutable (one from fetch): copy it.
    const copy = new Response(res.body, res);
    for (const [name, value] of entries) copy.headers.set(name, value);
    return copy;
  }
}

function toResponse(result: MethodResult): Response {
  if ("empty" in result) return new Response(null, { status: 200 });
  if ("response" in result) return result.response;
  if ("bytes" in result) {
    return new Response(result.bytes, {
      status: 200,
      headers: { "content-type": result.encoding, ...result.headers },
    });
  }
  return new Response(JSON.stringify(result.json), {
    status: result.status ?? 200,
    headers: { "content-type": "application/json; charset=utf-8", ...result.headers },
  });
}

export function errorResponse(err: unknown, ctx: AppContext): Response {
  const xe = err instanceof XrpcError ? err : undefined;
  if (!xe) ctx.logger.error({ err }, "unhandled error in xrpc handler");
  const status = xe?.status ?? 500;
  const body = xe ? xe.toJSON() : { error: "InternalServerError", message: "Internal Server Error" };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...xe?.headers },
  });
}
