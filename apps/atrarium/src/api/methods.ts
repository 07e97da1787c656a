// Every Atrarium API method: the route table. Each is served at /xrpc/<nsid> and at its REST alias.
import type { ApiMethod } from "./method.ts";
import get from "./net/atrarium/community/get.ts";
import getFeedPreview from "./net/atrarium/community/getFeedPreview.ts";
import getStats from "./net/atrarium/community/getStats.ts";
import getViewerState from "./net/atrarium/community/getViewerState.ts";
import list from "./net/atrarium/community/list.ts";
import listMembers from "./net/atrarium/community/listMembers.ts";
import listActions from "./net/atrarium/moderation/listActions.ts";
import indexRecord from "./net/atrarium/sync/indexRecord.ts";

//                                                 REST alias                         auth
export const apiMethods: ApiMethod[] = [
  list, //                                         GET  /api/communities              anyone
  get, //                                          GET  /api/communities/:id          anyone
  listMembers, //                                  GET  /api/communities/:id/members  anyone
  getFeedPreview, //                               GET  /api/communities/:id/feed     anyone
  getStats, //                                     GET  /api/communities/:id/stats    anyone
  getViewerState, //                               GET  /api/communities/:id/me       signed in
  listActions, //                                  GET  /api/moderation/actions       owner, moderators
  indexRecord, //                                  POST /api/communities/:id/sync     signed in, own repo
] as ApiMethod[];
