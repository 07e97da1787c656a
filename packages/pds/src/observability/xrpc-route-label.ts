// The route label of a request for the HTTP metrics and the request log: one XRPC pattern serves every
// method, so a method this PDS serves is named by its path (`/xrpc/com.atproto.repo.createRecord`, as
// Jetstream's routes read), and any other name (proxied or unknown) stays under the pattern
// `/xrpc/:nsid`: labels come from a closed set, whatever names clients make up.
import { routeLabel } from "@atrarium/observability";
import type { Context } from "hono";

const XRPC_PATTERN = "/xrpc/:nsid";
const XRPC_PREFIX = "/xrpc/";

export function xrpcRouteLabel(nsids: Iterable<string>): (c: Context) => string {
  const labels = new Map<string, string>();
  for (const nsid of nsids) labels.set(nsid, `${XRPC_PREFIX}${nsid}`);
  return (c) => {
    const route = routeLabel(c);
    if (route !== XRPC_PATTERN) return route;
    return labels.get(c.req.path.slice(XRPC_PREFIX.length)) ?? route;
  };
}
