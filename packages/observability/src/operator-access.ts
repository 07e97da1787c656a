// Who may read operator routes (/metrics, Jetstream's /stats): numbers about upstreams, clients and
// load that are not public. With a token configured, a client must send `Authorization: Bearer
// <token>`, from anywhere: that is what a remote monitoring system uses. Without one, only clients on
// this host's loopback, and not through a local reverse proxy (which connects from loopback for anyone
// and says so in its forwarding headers): an operator can still `curl localhost:PORT/metrics` on the box.
import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { isForwarded, isLoopback } from "./client-address.ts";

export type OperatorAccess = "allowed" | "unauthenticated" | "forbidden";

export interface AccessRequest {
  /** The `Authorization` header, if any. */
  authorization: string | undefined;
  /** The TCP peer's address. */
  remoteAddress: string | undefined;
  /** Whether the request carries a proxy's forwarding headers. */
  forwarded: boolean;
}

/** The access rule for a route protected by `token` (undefined or empty: loopback only). */
export function operatorAccess(token: string | undefined, req: AccessRequest): OperatorAccess {
  if (token) {
    const given = /^Bearer (.+)$/i.exec(req.authorization ?? "")?.[1];
    return given && timingSafeEqual(digest(given), digest(token)) ? "allowed" : "unauthenticated";
  }
  return isLoopback(req.remoteAddress) && !req.forwarded ? "allowed" : "forbidden";
}

/**
 * A service's own credential accepted besides the operator rule (the PDS: its administrator's).
 * `undefined`: the request does not carry that credential, the operator rule decides; `refused`: it
 * does, and the credential is wrong (401, even from loopback: a wrong password is never ignored).
 */
export type ExtraAccess = (
  request: Request,
) => "allowed" | "refused" | undefined | Promise<"allowed" | "refused" | undefined>;

export interface OperatorOnlyOptions {
  token: string | undefined;
  allow?: ExtraAccess;
  /** The `WWW-Authenticate` realm, e.g. `plc-metrics`. */
  realm: string;
  /** What the route serves, for the error messages (`metrics`, `stats`). */
  what: string;
}

// The node server's request, as @hono/node-server puts it in `c.env.incoming`.
type NodeBindings = { incoming?: { socket?: { remoteAddress?: string } } } | undefined;

/** Middleware refusing with an XRPC error body: 401 AuthenticationRequired or 403 Forbidden. */
export function operatorOnly(opts: OperatorOnlyOptions): MiddlewareHandler {
  return async (c, next) => {
    const extra = await opts.allow?.(c.req.raw);
    // No Basic challenge, even for a refused Basic credential: a browser would open its own
    // password dialog over the admin UI's.
    const challenge = () => c.header("www-authenticate", `Bearer realm="${opts.realm}"`);
    if (extra === "refused") {
      challenge();
      return c.json({ error: "AuthenticationRequired", message: "Authentication Required" }, 401);
    }
    if (extra === "allowed") return next();
    const access = operatorAccess(opts.token, {
      authorization: c.req.header("authorization"),
      remoteAddress: (c.env as NodeBindings)?.incoming?.socket?.remoteAddress,
      forwarded: isForwarded((name) => c.req.header(name)),
    });
    if (access === "unauthenticated") {
      challenge();
      const message = `a valid ${opts.what} bearer token is required`;
      return c.json({ error: "AuthenticationRequired", message }, 401);
    }
    if (access === "forbidden") {
      const message = `${opts.what} are served to loopback clients only`;
      return c.json({ error: "Forbidden", message }, 403);
    }
    await next();
  };
}

// Equal-length digests, so the comparison takes the same time whatever the token's length.
const digest = (s: string) => createHash("sha256").update(s).digest();
