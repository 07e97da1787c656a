// Serves each API method at /xrpc/<nsid> and at its REST alias (ATRARIUM_API_ROUTES) with one
// pipeline: gate (auth, replay, rate limit), params and input checked against the method's lexicon
// (a `:name` path segment supplies the field of that name; a DELETE alias has no body), handler, then `stale` in the body and the
// Atrarium-Stale and RateLimit-* headers. With VALIDATE_OUTPUTS the answer is checked against the
// lexicon's output too (tests, development). Errors are XRPC `{error, message}` bodies and keep the
// headers gathered so far.
import {
  ATRARIUM_API_ROUTES,
  ATRARIUM_METHOD_NSIDS,
  type AtrariumMethodNsid,
  decodeXrpcParams,
  httpVerbOf,
  restVerbOf,
  type ValidationResult,
  validateXrpcInput,
  validateXrpcOutput,
  validateXrpcParams,
} from "@atrarium/lexicon";
import { type Context, Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { callerWriter } from "../oauth/caller-writer.ts";
import { XrpcError, xrpcErrorResponse } from "../shared/xrpc-error.ts";
import { gate } from "./gate.ts";
import type { ApiContext, ApiHandlers } from "./method.ts";
import { rebuildStatus } from "./rebuild-status.ts";

const MAX_BODY_BYTES = 64 * 1024;

type Ctx = Context<AppEnv>;
// A handler as the router calls it: whatever its method, its params and input are checked first.
type CheckedHandler = (
  ctx: ApiContext,
  params: Record<string, unknown>,
  input: unknown,
) => Promise<{ body: object; stale: boolean }>;

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

function checked<T>(result: ValidationResult<T>, status: 400 | 500 = 400): T {
  if (result.ok) return result.value;
  const [problem] = result.errors;
  const where = problem?.field === "$" ? "input" : problem?.field;
  const message = `${where ?? "input"}: ${problem?.message ?? "invalid"}`;
  if (status === 400) throw new XrpcError(400, "InvalidRequest", message);
  console.error(`an answer outside its lexicon: ${message}`);
  throw new XrpcError(500, "InternalServerError", `the answer does not match its lexicon: ${message}`);
}

async function serve(
  c: Ctx,
  nsid: AtrariumMethodNsid,
  handler: CheckedHandler,
  path: Record<string, string>,
  // A DELETE alias takes its input from the path alone: it has no body.
  inputFromPathOnly = false,
): Promise<Response> {
  const headers: Record<string, string> = {};
  const { services } = c.var;
  try {
    const { viewer } = await gate(
      c,
      { lxm: nsid, auth: ATRARIUM_API_ROUTES[nsid].auth, limit: "API" },
      headers,
    );
    const isQuery = httpVerbOf(nsid) === "GET";
    // Path segments first: their value wins over a query parameter of the same name.
    const query = [...(isQuery ? Object.entries(path) : []), ...new URL(c.req.url).searchParams];
    const params = checked(validateXrpcParams(nsid, decodeXrpcParams(nsid, query)));
    const sent = isQuery || inputFromPathOnly ? {} : await jsonBody(c);
    const input = isQuery ? undefined : checked(validateXrpcInput(nsid, { ...sent, ...path }));
    const waitUntil = (p: Promise<unknown>) => c.executionCtx.waitUntil(p);
    const writer = () => callerWriter(services, viewer);
    const result = await handler({ services, viewer, waitUntil, writer }, params, input);
    const body = { ...result.body, stale: result.stale };
    if (services.settings.validateOutputs) checked(validateXrpcOutput(nsid, body), 500);
    if (result.stale) headers["Atrarium-Stale"] = "true";
    return c.json(body, 200, headers);
  } catch (err) {
    const res = xrpcErrorResponse(c, err);
    for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
    if (err instanceof XrpcError && err.status === 503) res.headers.set("Retry-After", "5");
    return res;
  }
}

export function apiRoutes(methods: ApiHandlers) {
  const app = new Hono<AppEnv>();
  for (const nsid of ATRARIUM_METHOD_NSIDS) {
    const verb = httpVerbOf(nsid);
    // Each handler is typed by its own method; here they are called alike, after the checks.
    const handler = methods[nsid] as unknown as CheckedHandler;
    app.all(`/xrpc/${nsid}`, (c) => {
      if (c.req.method !== verb && !(verb === "GET" && c.req.method === "HEAD"))
        throw new XrpcError(
          400,
          "InvalidRequest",
          `Incorrect HTTP method (${c.req.method}) expected ${verb}`,
        );
      return serve(c, nsid, handler, {});
    });
    const restVerb = restVerbOf(nsid);
    app.on(restVerb, ATRARIUM_API_ROUTES[nsid].rest, (c) =>
      serve(c, nsid, handler, c.req.param(), restVerb === "DELETE"),
    );
  }
  app.route("/", rebuildStatus);
  return app;
}
