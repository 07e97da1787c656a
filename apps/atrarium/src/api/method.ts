// An API method: its lexicon NSID, who may call it, the REST alias the seed's dashboard uses, a Zod
// schema for its parameters (query string, path and, for procedures, the JSON body, merged), and its
// handler. Handlers return the body; the router adds `stale`, the headers and the error envelope.
import type { AtrariumMethodNsid } from "@atrarium/lexicon";
import { z } from "zod";
import type { Env } from "../env.ts";

export interface ApiContext {
  env: Env;
  // The verified caller's DID, or null for an anonymous call.
  viewer: string | null;
  waitUntil: (p: Promise<unknown>) => void;
}

export interface ApiResult {
  body: Record<string, unknown>;
  stale: boolean;
}

export interface ApiMethod<S extends z.ZodType = z.ZodType> {
  nsid: AtrariumMethodNsid;
  type: "query" | "procedure";
  // "required": a service JWT must be presented; "optional": one is verified if presented.
  auth: "optional" | "required";
  rest: { path: string };
  params: S;
  handler: (ctx: ApiContext, params: z.infer<S>) => Promise<ApiResult>;
}

export const apiMethod = <S extends z.ZodType>(m: ApiMethod<S>): ApiMethod<S> => m;

export const communityId = z.string().regex(/^[0-9a-f]{8}$/, "must be 8 lowercase hex digits");
export const pageLimit = z.coerce.number().int().min(1).max(100).default(50);
export const pageCursor = z.string().max(1024).optional();

// GET /api/communities/:id/rebuild is REST only, not a lexicon method; service JWTs for it carry this lxm.
export const REBUILD_STATUS_LXM = "net.atrarium.community.getRebuildStatus";
