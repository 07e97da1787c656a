// Who may read GET /stats (upstream URLs, cursors, subscriber counts: operator data, not public).
// With JETSTREAM_STATS_TOKEN set, a client must send `Authorization: Bearer <token>`, from anywhere:
// that is what a remote monitoring system uses. Unset, only clients on this host's loopback may read
// it, and not through a local reverse proxy (which connects from loopback for anyone and says so in
// its forwarding headers): an operator can still `curl localhost:6008/stats` on the box.
import { createHash, timingSafeEqual } from "node:crypto";
import type { HttpBindings } from "@hono/node-server";
import type { MiddlewareHandler } from "hono";
import { isForwarded, isLoopback } from "./client-address.ts";

export function statsAccess(token: string | undefined): MiddlewareHandler<{ Bindings: HttpBindings }> {
  const expected = token === undefined ? undefined : digest(token);
  return async (c, next) => {
    if (expected) {
      const given = /^Bearer (.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
      if (!given || !timingSafeEqual(digest(given), expected)) {
        c.header("www-authenticate", 'Bearer realm="jetstream-stats"');
        return c.json(
          { error: "AuthenticationRequired", message: "a valid stats bearer token is required" },
          401,
        );
      }
    } else if (!isLoopback(c.env.incoming.socket.remoteAddress) || isForwarded((n) => c.req.header(n))) {
      return c.json({ error: "Forbidden", message: "stats are served to loopback clients only" }, 403);
    }
    await next();
  };
}

// Equal-length digests, so the comparison takes the same time whatever the token's length.
const digest = (s: string) => createHash("sha256").update(s).digest();
