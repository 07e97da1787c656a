// The route a request is counted and logged under: the pattern that answered it (`/:did/log`), never
// the raw path, so ids do not end up in metric labels (one series per DID) or in every log line.
import type { Context } from "hono";
import { matchedRoutes } from "hono/route";

/** Requests no route handled: not found, or refused by a catch-all middleware (CORS, method checks). */
export const UNMATCHED_ROUTE = "unmatched";

const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]);

/** Call after `await next()`: Hono's routeIndex then points at the handler that answered. */
export function routeLabel(c: Context): string {
  const answered = matchedRoutes(c)[c.req.routeIndex];
  if (!answered) return UNMATCHED_ROUTE;
  const catchAll = answered.method === "ALL" && answered.path.endsWith("*");
  return catchAll ? UNMATCHED_ROUTE : answered.path;
}

/** A method label from a closed set: anyone can send a request with a made-up method. */
export function methodLabel(method: string): string {
  return KNOWN_METHODS.has(method) ? method : "OTHER";
}
