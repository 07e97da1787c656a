// The Atrarium API's one method table: for each net.atrarium method, its REST alias (what the seed's
// dashboard calls) and whether it needs a signed-in caller. Everything else about a method (NSID,
// verb, params, input, output) comes from its lexicon (AtrariumMethodMap, ATRARIUM_METHOD_TYPES). The
// Worker routes by this table and the dashboard's client calls through it, so neither spells a path.
// A `:name` segment of an alias carries the param (for a procedure: the input field) of that name.
import {
  ATRARIUM_METHOD_TYPES,
  type AtrariumMethodNsid,
  COMMUNITY_GET_FEED_PREVIEW_NSID,
  COMMUNITY_GET_NSID,
  COMMUNITY_GET_STATS_NSID,
  COMMUNITY_GET_VIEWER_STATE_NSID,
  COMMUNITY_LIST_MEMBERS_NSID,
  COMMUNITY_LIST_NSID,
  MODERATION_LIST_ACTIONS_NSID,
  SYNC_INDEX_RECORD_NSID,
} from "./generated/types.ts";
import type { MethodInput, MethodParams } from "./xrpc.ts";

// "required": a service JWT must be presented; "optional": one is verified when presented.
export type ApiAuth = "optional" | "required";

export interface ApiRoute {
  rest: string;
  auth: ApiAuth;
}

export const ATRARIUM_API_ROUTES = {
  [COMMUNITY_LIST_NSID]: { rest: "/api/communities", auth: "optional" },
  [COMMUNITY_GET_NSID]: { rest: "/api/communities/:community", auth: "optional" },
  [COMMUNITY_LIST_MEMBERS_NSID]: { rest: "/api/communities/:community/members", auth: "optional" },
  [COMMUNITY_GET_FEED_PREVIEW_NSID]: { rest: "/api/communities/:community/feed", auth: "optional" },
  [COMMUNITY_GET_STATS_NSID]: { rest: "/api/communities/:community/stats", auth: "optional" },
  [COMMUNITY_GET_VIEWER_STATE_NSID]: { rest: "/api/communities/:community/me", auth: "required" },
  [MODERATION_LIST_ACTIONS_NSID]: { rest: "/api/moderation/actions", auth: "required" },
  [SYNC_INDEX_RECORD_NSID]: { rest: "/api/communities/:community/sync", auth: "required" },
} as const satisfies { [N in AtrariumMethodNsid]: ApiRoute };

export type HttpVerb = "GET" | "POST";

export const httpVerbOf = (nsid: AtrariumMethodNsid): HttpVerb =>
  ATRARIUM_METHOD_TYPES[nsid] === "query" ? "GET" : "POST";

/** Names of the `:name` segments of a method's REST alias. */
export function restPathParams(nsid: AtrariumMethodNsid): string[] {
  return ATRARIUM_API_ROUTES[nsid].rest
    .split("/")
    .filter((segment) => segment.startsWith(":"))
    .map((segment) => segment.slice(1));
}

export interface ApiRequest {
  method: HttpVerb;
  // Path and query string, relative to the Worker's origin.
  path: string;
  // A procedure's JSON input.
  body?: Record<string, unknown>;
}

/**
 * The request for one call at the method's REST alias; at its XRPC path (`/xrpc/<nsid>`) when the
 * call lacks a value the alias's path needs. Values in the path are not repeated in query or body.
 */
export function apiRequest<N extends AtrariumMethodNsid>(
  nsid: N,
  params: MethodParams<N>,
  input?: MethodInput<N>,
): ApiRequest {
  const method = httpVerbOf(nsid);
  const query: Record<string, unknown> = { ...params };
  const body: Record<string, unknown> | undefined = method === "POST" ? { ...(input ?? {}) } : undefined;
  const carrier = body ?? query;
  const names = restPathParams(nsid);
  let path = `/xrpc/${nsid}`;
  if (names.every((name) => typeof carrier[name] === "string" && carrier[name] !== "")) {
    path = ATRARIUM_API_ROUTES[nsid].rest;
    for (const name of names) {
      path = path.replace(`:${name}`, encodeURIComponent(carrier[name] as string));
      delete carrier[name];
    }
  }
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) search.append(name, String(one));
  }
  const qs = search.toString();
  return { method, path: qs ? `${path}?${qs}` : path, ...(body ? { body } : {}) };
}
