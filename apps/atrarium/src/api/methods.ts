// Every Atrarium API method: the route table. Each is served at /xrpc/<nsid> and at the REST alias
// the method table gives it (ATRARIUM_API_ROUTES in @atrarium/lexicon).
import {
  COMMUNITY_GET_FEED_PREVIEW_NSID,
  COMMUNITY_GET_NSID,
  COMMUNITY_GET_STATS_NSID,
  COMMUNITY_GET_VIEWER_STATE_NSID,
  COMMUNITY_LIST_MEMBERS_NSID,
  COMMUNITY_LIST_NSID,
  MODERATION_LIST_ACTIONS_NSID,
  SYNC_INDEX_RECORD_NSID,
} from "@atrarium/lexicon";
import type { ApiHandlers } from "./method.ts";
import get from "./net/atrarium/community/get.ts";
import getFeedPreview from "./net/atrarium/community/getFeedPreview.ts";
import getStats from "./net/atrarium/community/getStats.ts";
import getViewerState from "./net/atrarium/community/getViewerState.ts";
import list from "./net/atrarium/community/list.ts";
import listMembers from "./net/atrarium/community/listMembers.ts";
import listActions from "./net/atrarium/moderation/listActions.ts";
import indexRecord from "./net/atrarium/sync/indexRecord.ts";

//                                                 REST alias                         auth
export const apiMethods: ApiHandlers = {
  [COMMUNITY_LIST_NSID]: list, //                  GET  /api/communities              anyone
  [COMMUNITY_GET_NSID]: get, //                    GET  /api/communities/:id          anyone
  [COMMUNITY_LIST_MEMBERS_NSID]: listMembers, //   GET  /api/communities/:id/members  anyone
  [COMMUNITY_GET_FEED_PREVIEW_NSID]: getFeedPreview, // GET /api/communities/:id/feed  anyone
  [COMMUNITY_GET_STATS_NSID]: getStats, //         GET  /api/communities/:id/stats    anyone
  [COMMUNITY_GET_VIEWER_STATE_NSID]: getViewerState, // GET /api/communities/:id/me   signed in
  [MODERATION_LIST_ACTIONS_NSID]: listActions, //  GET  /api/moderation/actions       owner, moderators
  [SYNC_INDEX_RECORD_NSID]: indexRecord, //        POST /api/communities/:id/sync     signed in, own repo
};
