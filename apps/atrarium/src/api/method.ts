// An API method's handler, typed by the method's lexicon (@atrarium/lexicon): its params validated
// with the lexicon's defaults applied, a procedure's input, and the output it answers, without
// `stale`, which the router adds with the headers and the error envelope. The NSID, verb, REST alias
// and who may call come from the method table (ATRARIUM_API_ROUTES).
import type { AtrariumMethodNsid, MethodInput, MethodOutput, ValidParams } from "@atrarium/lexicon";
import type { RepoWriter } from "../oauth/repo-writer.ts";
import type { Services } from "../services.ts";

export interface ApiContext {
  services: Services;
  // The verified caller's DID, or null for an anonymous call.
  viewer: string | null;
  waitUntil: (p: Promise<unknown>) => void;
  // The caller's own repo through the OAuth session the Worker holds for them (write routes only):
  // 401 OAuthSessionRequired without one.
  writer: () => Promise<RepoWriter>;
}

export interface ApiResult<N extends AtrariumMethodNsid> {
  body: Omit<MethodOutput<N>, "stale">;
  stale: boolean;
}

export type ApiHandler<N extends AtrariumMethodNsid> = (
  ctx: ApiContext,
  params: ValidParams<N>,
  input: MethodInput<N>,
) => Promise<ApiResult<N>>;

// The route table: a handler for every method of the lexicons (a missing one does not compile).
export type ApiHandlers = { [N in AtrariumMethodNsid]: ApiHandler<N> };

// GET /api/communities/:id/rebuild is REST only, not a lexicon method; service JWTs for it carry this lxm.
export const REBUILD_STATUS_LXM = "net.atrarium.community.getRebuildStatus";
