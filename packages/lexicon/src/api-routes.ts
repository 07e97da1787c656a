// The Atrarium API's one method table: for each net.atrarium method, its REST alias (what the seed's
// dashboard calls) and whether it needs a signed-in caller. Everything else about a method (NSID,
// verb, params, input, output) comes from its lexicon (AtrariumMethodMap, ATRARIUM_METHOD_TYPES). The
// Worker routes by this table and the dashboard's client calls through it, so neither spells a path.
// A `:name` segment of an alias carries the param (for a procedure: the input field) of that name.
// An alias answers to the lexicon's verb (GET for a query, POST for a procedure) unless the table
// names another (`restVerb`: DELETE for leaving, which then takes its input from the path only).
import {
  ATRARIUM_METHOD_TYPES,
  type AtrariumMethodNsid,
  COMMUNITY_ACCEPT_TRANSFER_NSID,
  COMMUNITY_CREATE_NSID,
  COMMUNITY_GET_ACHIEVEMENTS_NSID,
  COMMUNITY_GET_FEED_PREVIEW_NSID,
  COMMUNITY_GET_HIERARCHY_NSID,
  COMMUNITY_GET_NSID,
  COMMUNITY_GET_REACTIONS_NSID,
  COMMUNITY_GET_STATS_NSID,
  COMMUNITY_GET_SUGGESTIONS_NSID,
  COMMUNITY_GET_VIEWER_STATE_NSID,
  COMMUNITY_JOIN_NSID,
  COMMUNITY_LEAVE_NSID,
  COMMUNITY_LIST_EMOJI_NSID,
  COMMUNITY_LIST_MEMBERS_NSID,
  COMMUNITY_LIST_NSID,
  COMMUNITY_LIST_REQUESTS_NSID,
  COMMUNITY_PROPOSE_EMOJI_NSID,
  COMMUNITY_REACT_NSID,
  COMMUNITY_TRANSFER_OWNERSHIP_NSID,
  COMMUNITY_UNREACT_NSID,
  COMMUNITY_UPDATE_NSID,
  MODERATION_APPROVE_EMOJI_NSID,
  MODERATION_APPROVE_MEMBER_NSID,
  MODERATION_BLOCK_USER_NSID,
  MODERATION_HIDE_POST_NSID,
  MODERATION_INVITE_MEMBER_NSID,
  MODERATION_LIST_ACTIONS_NSID,
  MODERATION_REJECT_EMOJI_NSID,
  MODERATION_REJECT_MEMBER_NSID,
  MODERATION_SET_TITLE_NSID,
  MODERATION_UNBLOCK_USER_NSID,
  MODERATION_UNHIDE_POST_NSID,
  SYNC_INDEX_RECORD_NSID,
} from "./generated/types.ts";
import type { MethodInput, MethodParams } from "./xrpc.ts";

// "required": a service JWT (or a Worker session token) must be presented; "optional": one is
// verified when presented.
export type ApiAuth = "optional" | "required";

export type HttpVerb = "GET" | "POST" | "DELETE";

export interface ApiRoute {
  rest: string;
  auth: ApiAuth;
  // The alias's verb when it is not the lexicon's; only DELETE, whose input is the path's segments.
  restVerb?: "DELETE";
}

export const ATRARIUM_API_ROUTES = {
  [COMMUNITY_LIST_NSID]: { rest: "/api/communities", auth: "optional" },
  [COMMUNITY_GET_NSID]: { rest: "/api/communities/:community", auth: "optional" },
  [COMMUNITY_LIST_MEMBERS_NSID]: { rest: "/api/communities/:community/members", auth: "optional" },
  [COMMUNITY_GET_FEED_PREVIEW_NSID]: { rest: "/api/communities/:community/feed", auth: "optional" },
  [COMMUNITY_GET_STATS_NSID]: { rest: "/api/communities/:community/stats", auth: "optional" },
  [COMMUNITY_GET_HIERARCHY_NSID]: { rest: "/api/communities/:community/hierarchy", auth: "optional" },
  [COMMUNITY_GET_ACHIEVEMENTS_NSID]: { rest: "/api/communities/:community/achievements", auth: "optional" },
  [COMMUNITY_GET_VIEWER_STATE_NSID]: { rest: "/api/communities/:community/me", auth: "required" },
  [MODERATION_LIST_ACTIONS_NSID]: { rest: "/api/moderation/actions", auth: "required" },
  [COMMUNITY_GET_SUGGESTIONS_NSID]: { rest: "/api/communities/:community/suggestions", auth: "required" },
  [SYNC_INDEX_RECORD_NSID]: { rest: "/api/communities/:community/sync", auth: "required" },
  // Writes into the caller's own repo through the OAuth session the caller granted the Worker.
  [COMMUNITY_CREATE_NSID]: { rest: "/api/communities", auth: "required" },
  [COMMUNITY_UPDATE_NSID]: { rest: "/api/communities/:community/config", auth: "required" },
  [COMMUNITY_JOIN_NSID]: { rest: "/api/memberships", auth: "required" },
  [COMMUNITY_LEAVE_NSID]: { rest: "/api/memberships/:community", auth: "required", restVerb: "DELETE" },
  [MODERATION_HIDE_POST_NSID]: { rest: "/api/moderation/hide", auth: "required" },
  [MODERATION_UNHIDE_POST_NSID]: { rest: "/api/moderation/unhide", auth: "required" },
  [MODERATION_BLOCK_USER_NSID]: { rest: "/api/moderation/block", auth: "required" },
  [MODERATION_UNBLOCK_USER_NSID]: { rest: "/api/moderation/unblock", auth: "required" },
  // Owner transfer and member titles (owner, named new owner, staff).
  [COMMUNITY_TRANSFER_OWNERSHIP_NSID]: { rest: "/api/communities/:community/transfer", auth: "required" },
  [COMMUNITY_ACCEPT_TRANSFER_NSID]: { rest: "/api/communities/:community/transfer/accept", auth: "required" },
  [MODERATION_SET_TITLE_NSID]: { rest: "/api/moderation/title", auth: "required" },
  // Invite-only communities (community/member-access.ts): staff read the requests and decide.
  [COMMUNITY_LIST_REQUESTS_NSID]: { rest: "/api/communities/:community/requests", auth: "required" },
  [MODERATION_APPROVE_MEMBER_NSID]: { rest: "/api/moderation/approve-member", auth: "required" },
  [MODERATION_REJECT_MEMBER_NSID]: { rest: "/api/moderation/reject-member", auth: "required" },
  [MODERATION_INVITE_MEMBER_NSID]: { rest: "/api/moderation/invite-member", auth: "required" },
  // Reactions and custom emoji: reads are public (the viewer flag needs a signed-in caller; pending
  // emoji need staff), writes go into the caller's own repo.
  [COMMUNITY_GET_REACTIONS_NSID]: { rest: "/api/communities/:community/reactions", auth: "optional" },
  [COMMUNITY_LIST_EMOJI_NSID]: { rest: "/api/communities/:community/emoji", auth: "optional" },
  [COMMUNITY_REACT_NSID]: { rest: "/api/reactions", auth: "required" },
  [COMMUNITY_UNREACT_NSID]: { rest: "/api/reactions/delete", auth: "required" },
  [COMMUNITY_PROPOSE_EMOJI_NSID]: { rest: "/api/emoji", auth: "required" },
  [MODERATION_APPROVE_EMOJI_NSID]: { rest: "/api/moderation/emoji/approve", auth: "required" },
  [MODERATION_REJECT_EMOJI_NSID]: { rest: "/api/moderation/emoji/reject", auth: "required" },
} as const satisfies { [N in AtrariumMethodNsid]: ApiRoute };

/** The verb of the method at /xrpc/<nsid>: GET for a query, POST for a procedure. */
export const httpVerbOf = (nsid: AtrariumMethodNsid): "GET" | "POST" =>
  ATRARIUM_METHOD_TYPES[nsid] === "query" ? "GET" : "POST";

/** The verb of the method's REST alias. */
export const restVerbOf = (nsid: AtrariumMethodNsid): HttpVerb => {
  const route: ApiRoute = ATRARIUM_API_ROUTES[nsid];
  return route.restVerb ?? httpVerbOf(nsid);
};

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
 * call lacks a value the alias's path needs, or (a DELETE alias, which takes no body) when the input
 * has fields the path cannot carry. Values in the path are not repeated in query or body.
 */
export function apiRequest<N extends AtrariumMethodNsid>(
  nsid: N,
  params: MethodParams<N>,
  input?: MethodInput<N>,
): ApiRequest {
  const xrpcVerb = httpVerbOf(nsid);
  const query: Record<string, unknown> = { ...params };
  const body: Record<string, unknown> | undefined = xrpcVerb === "POST" ? { ...(input ?? {}) } : undefined;
  const carrier = body ?? query;
  const names = restPathParams(nsid);
  const restVerb = restVerbOf(nsid);
  const fitsAlias =
    restVerb !== "DELETE" ||
    Object.entries(carrier).every(([name, value]) => value === undefined || names.includes(name));
  if (!fitsAlias || !names.every((name) => typeof carrier[name] === "string" && carrier[name] !== ""))
    return finish(xrpcVerb, `/xrpc/${nsid}`, query, body);
  let path: string = ATRARIUM_API_ROUTES[nsid].rest;
  for (const name of names) {
    path = path.replace(`:${name}`, encodeURIComponent(carrier[name] as string));
    delete carrier[name];
  }
  return finish(restVerb, path, query, restVerb === "DELETE" ? undefined : body);
}

function finish(
  method: HttpVerb,
  path: string,
  query: Record<string, unknown>,
  body: Record<string, unknown> | undefined,
): ApiRequest {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) search.append(name, String(one));
  }
  const qs = search.toString();
  return { method, path: qs ? `${path}?${qs}` : path, ...(body ? { body } : {}) };
}
