// Serves each API method at /xrpc/<nsid> and at its REST alias with one pipeline: gate (auth, replay,
// rate limit), parameter validation, handler, then `stale` in the body and the Atrarium-Stale and
// RateLimit-* headers. Errors are XRPC `{error, message}` bodies and keep the headers gathered so far.
import { type Context, Hono } from "hono";
import type { Env } from "../env.ts";
import { XrpcError, xrpcErrorResponse } from "../shared/xrpc-error.ts";
import { gate } from "./gate.ts";
import type { ApiMethod } from "./method.ts";
import { rebuildStatus } from "./rebuild-status.ts";
import { validate } from "./validate.ts";

const MAX_BODY_BYTES = 64 * 1024;

type Ctx = Context<{ Bindings: Env }>;

async function jsonBody(c: Ctx): Promise<Record<string, unknown>> {
  if (!(c.req.header("content-type") ?? "").includes("application/json"))
    throw new XrpcError(400, "InvalidRequest", "the input must be application/json");
  const text = await c.req.text();
  if (text.length > MAX_BODY_BYTES) throw new XrpcError(413, "PayloadTooLarge", "input too large");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new XrpcError(400, "InvalidRequest", "the input is not JSON");
  }
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw new XrpcError(400, "InvalidRequest", "the input must be a JSON object");
  return body as Record<string, unknown>;
}

async function serve(c: Ctx, m: ApiMethod, input: () => Promise<Record<string, unknown>>): Promise<Response> {
  const headers: Record<string, string> = {};
  try {
    const { viewer } = await gate(c, { lxm: m.nsid, auth: m.auth, limit: "API" }, headers);
    const params = validate(m.params, await input());
    const ctx = { env: c.env, viewer, waitUntil: (p: Promise<unknown>) => c.executionCtx.waitUntil(p) };
    const result = await m.handler(ctx, params);
    if (result.stale) headers["Atrarium-Stale"] = "true";
    return c.json({ ...result.body, stale: result.stale }, 200, headers);
  } catch (err) {
    const res = xrpcErrorResponse(c, err);
    for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
    if (err instanceof XrpcError && err.status === 503) res.headers.set("Retry-After", "5");
    return res;
  }
}

export function apiRoutes(methods: ApiMethod[]) {
  const app = new Hono<{ Bindings: Env }>();
  for (const m of methods) {
    const verb = m.type === "query" ? "GET" : "POST";
    const query = (c: Ctx) => Object.fromEntries(new URL(c.req.url).searchParams);
    app.all(`/xrpc/${m.nsid}`, (c) => {
      if (c.req.method !== verb && !(verb === "GET" && c.req.method === "HEAD"))
        throw new XrpcError(
          400,
          "InvalidRequest",
          `Incorrect HTTP method (${c.req.method}) expected ${verb}`,
        );
      return serve(c, m, async () => (verb === "GET" ? query(c) : { ...query(c), ...(await jsonBody(c)) }));
    });
    app.on(verb, m.rest.path, (c) => {
      const path = m.rest.path.includes(":id") ? { community: c.req.param("id") } : {};
      return serve(c, m, async () => ({
        ...query(c),
        ...(verb === "POST" ? await jsonBody(c) : {}),
        ...path,
      }));
    });
  }
  app.route("/", rebuildStatus);
  return app;
}
