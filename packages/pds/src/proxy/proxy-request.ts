// Service proxying, as the official PDS's pipethrough: an XRPC call this PDS does not implement, sent
// with `atproto-proxy: <did>#<serviceId>`, is forwarded to that service's endpoint in the DID document
// (or, without the header, to the configured default service: see default-service.ts) with a fresh
// service JWT for the caller. Bodies stream both ways; the upstream status, a fixed set of
// headers and the body come back as they are, and upstream errors keep their XRPC error name.
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { Readable, type Transform } from "node:stream";
import zlib from "node:zlib";
import { isValidNsid } from "@atproto/syntax";
import { rpcAudience, scopeError } from "../auth/oauth-permissions.ts";
import { isAccessPrivileged, isPrivilegedMethod } from "../auth/scopes.ts";
import { createServiceJwt } from "../auth/service-jwt.ts";
import type { DefaultService } from "../config.ts";
import type { AppContext } from "../context.ts";
import { serviceEndpoint } from "../identity/did-resolver.ts";
import { XrpcError } from "../xrpc/errors.ts";
import type { Caller } from "../xrpc/method.ts";
import { headerValue, outboundRequest, readSmallBody } from "./outbound-http.ts";
import { PROTECTED_METHODS, parseProxyHeader, upstreamErrorName } from "./proxy-rules.ts";

const HEADERS_TIMEOUT_MS = 10_000;
const IDLE_TIMEOUT_MS = 30_000;
const JWT_TTL_SEC = 60;

// Request headers a client may send through, and response headers passed back (pipethrough's lists).
const REQUEST_HEADERS = ["accept-language", "atproto-accept-labelers", "x-bsky-topics"];
const BODY_HEADERS = ["content-type", "content-encoding", "content-length"];
const CONTENT_HEADERS = ["content-length", "content-encoding", "content-type", "content-language"];
const RESPONSE_HEADERS = ["atproto-repo-rev", "atproto-content-labelers", "retry-after"];

export async function proxyRequest(
  ctx: AppContext,
  req: Request,
  nsid: string,
  // The atproto-proxy header, or the default service the method goes to without one.
  proxyTo: string | DefaultService,
  caller: Caller,
): Promise<Response> {
  if (req.method !== "GET" && req.method !== "HEAD" && req.method !== "POST") {
    throw new XrpcError(400, "InvalidRequest", "XRPC requests only supports GET and POST");
  }
  if (!isValidNsid(nsid)) throw new XrpcError(400, "InvalidRequest", "invalid xrpc path");
  // Account management must reach the PDS itself; a token for it must never leave.
  if (PROTECTED_METHODS.has(nsid.toLowerCase())) {
    throw new XrpcError(400, "InvalidToken", "Bad token method");
  }
  if (!caller.oauth && isPrivilegedMethod(nsid) && !isAccessPrivileged(caller.scope ?? "")) {
    // Direct messages and the like: not for an ordinary app password's session.
    throw new XrpcError(400, "InvalidToken", "Bad token method");
  }
  const def = ctx.lexicons.getDef(nsid) as { type?: string } | undefined;
  const expected = def?.type === "procedure" ? "POST" : def?.type === "query" ? "GET" : null;
  if (expected && req.method !== expected && !(expected === "GET" && req.method === "HEAD")) {
    throw new XrpcError(400, "InvalidRequest", `Incorrect HTTP method (${req.method}) expected ${expected}`);
  }
  const { endpoint, aud } = await proxyTarget(ctx, proxyTo);
  if (caller.oauth) {
    // An OAuth session reaches a service only with an rpc: permission for it (chat.bsky.* needs
    // transition:chat.bsky or an explicit one: transition:generic does not cover it). Checked once the
    // target is known to be valid, as the official pipethrough does.
    try {
      caller.oauth.permissions.assertRpc({ aud: rpcAudience(ctx.cfg, req, nsid), lxm: nsid });
    } catch (err) {
      throw scopeError(err);
    }
  }

  const account = await ctx.accounts.byDid(caller.did);
  if (!account || !(await ctx.actors.exists(caller.did))) {
    throw new XrpcError(400, "InvalidRequest", "Could not find account for this session");
  }
  const keypair = await ctx.actors.get(caller.did).getKeypair();
  const jwt = await createServiceJwt({
    iss: caller.did,
    aud,
    lxm: nsid,
    exp: Math.floor(Date.now() / 1000) + JWT_TTL_SEC,
    keypair,
  });

  const hasBody = req.method === "POST";
  const headers: Record<string, string | undefined> = {
    "accept-encoding": req.headers.get("accept-encoding") ?? "identity",
    authorization: `Bearer ${jwt}`,
  };
  for (const name of hasBody ? [...REQUEST_HEADERS, ...BODY_HEADERS] : REQUEST_HEADERS) {
    headers[name] = req.headers.get(name) ?? undefined;
  }
  const url = new URL(req.url);
  const target = new URL(`${url.pathname}${url.search}`, endpoint);
  const upstream = await outboundRequest(target, {
    method: req.method,
    headers,
    body: hasBody && req.body ? Readable.fromWeb(req.body as never) : undefined,
    allowPrivate: ctx.cfg.disableSsrfProtection,
    headersTimeoutMs: HEADERS_TIMEOUT_MS,
    idleTimeoutMs: IDLE_TIMEOUT_MS,
    signal: req.signal,
  }).catch((err: Error) => {
    ctx.logger.warn({ err, target: target.origin, nsid }, "proxied service unreachable");
    throw new XrpcError(502, "UpstreamFailure", "Upstream service unreachable");
  });

  const status = upstream.statusCode ?? 502;
  if (status >= 400) {
    const body = await upstreamErrorBody(upstream.headers, upstream);
    // As pipethrough: an upstream 500 is reported as 502 UpstreamFailure; other statuses pass through.
    throw new XrpcError(
      status === 500 ? 502 : status,
      body.error ?? upstreamErrorName(status === 500 ? 502 : status),
      body.message,
      pickHeaders(upstream.headers, RESPONSE_HEADERS),
    );
  }
  const responseHeaders = pickHeaders(upstream.headers, [...CONTENT_HEADERS, ...RESPONSE_HEADERS]);
  const nullBody = req.method === "HEAD" || status === 204 || status === 205 || status === 304;
  if (nullBody) upstream.resume();
  return new Response(nullBody ? null : (Readable.toWeb(upstream) as unknown as ReadableStream), {
    status,
    headers: responseHeaders,
  });
}

// A named service is found in its DID document and addressed as `<did>#<serviceId>`; a configured one
// is addressed by its DID, as the official PDS does with its AppView and moderation service.
async function proxyTarget(
  ctx: AppContext,
  proxyTo: string | DefaultService,
): Promise<{ endpoint: string; aud: string }> {
  if (typeof proxyTo !== "string") return { endpoint: proxyTo.url, aud: proxyTo.did };
  const { did, serviceId } = parseProxyHeader(proxyTo);
  return { endpoint: await resolveEndpoint(ctx, did, serviceId), aud: `${did}#${serviceId}` };
}

async function resolveEndpoint(ctx: AppContext, did: string, serviceId: string): Promise<string> {
  const doc = await ctx.didResolver.resolve(did).catch((err: Error) => {
    ctx.logger.warn({ err, did }, "could not resolve proxy did");
    return null;
  });
  if (!doc) throw new XrpcError(400, "InvalidRequest", "could not resolve proxy did");
  const endpoint = serviceEndpoint(doc, serviceId);
  if (!endpoint) throw new XrpcError(400, "InvalidRequest", "could not resolve proxy did service url");
  return endpoint;
}

function pickHeaders(headers: IncomingHttpHeaders, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = headerValue(headers, name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

const decoders: Record<string, () => Transform> = {
  gzip: zlib.createGunzip,
  "x-gzip": zlib.createGunzip,
  deflate: zlib.createInflate,
  br: zlib.createBrotliDecompress,
};

// The upstream's `{error, message}` when it sent JSON; anything else is discarded.
async function upstreamErrorBody(headers: IncomingHttpHeaders, body: IncomingMessage) {
  const type = headerValue(headers, "content-type") ?? "";
  const encoding = (headerValue(headers, "content-encoding") ?? "identity").trim().toLowerCase();
  const decoder = encoding === "identity" ? null : decoders[encoding];
  if (!/application\/(?:\w+\+)?json/i.test(type) || decoder === undefined) {
    body.resume();
    return {};
  }
  try {
    const text = await readSmallBody(decoder ? body.pipe(decoder()) : body, 64 * 1024);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    return {
      error: typeof parsed?.error === "string" ? parsed.error : undefined,
      message: typeof parsed?.message === "string" ? parsed.message : undefined,
    };
  } catch {
    body.destroy();
    return {};
  }
}
