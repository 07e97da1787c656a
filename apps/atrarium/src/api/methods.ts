// Every Atrarium API method: the route table. Each is served at /xrpc/<nsid> and at the REST alias
// the method table gives it (ATRARIUM_API_ROUTES in @atrarium/lexicon).
import {
  COMMUNITY_CREATE_NSID,
  COMMUNITY_GET_FEED_PREVIEW_NSID,
  COMMUNITY_GET_HIERARCHY_NSID,
  COMMUNITY_GET_NSID,
  COMMUNITY_GET_STATS_NSID,
  COMMUNITY_GET_VIEWER_STATE_NSID,
  COMMUNITY_JOIN_NSID,
  COMMUNITY_LEAVE_NSID,
  COMMUNITY_LIST_MEMBERS_NSID,
  COMMUNITY_LIST_NSID,
  COMMUNITY_UPDATE_NSID,
  MODERATION_BLOCK_USER_NSID,
  MODERATION_HIDE_POST_NSID,
  MODERATION_LIST_ACTIONS_NSID,
  MODERATION_UNBLOCK_USER_NSID,
  MODERATION_UNHIDE_POST_NSID,
  SYNC_INDEX_RECORD_NSID,
} from "@atrarium/lexicon";
import type { ApiHandlers } from "./method.ts";
import create from "./net/atrarium/community/create.ts";
import get from "./net/atrarium/community/get.ts";
import getFeedPreview from "./net/atrarium/community/getFeedPreview.ts";
import getHierarchy from "./net/atrarium/community/getHierarchy.ts";
import getStats from "./net/atrarium/community/getStats.ts";
import getViewerState from "./net/atrarium/community/getViewerState.ts";
import join from "./net/atrarium/community/join.ts";
import leave from "./net/atrarium/community/leave.ts";
import list from "./net/atrarium/community/list.ts";
import listMembers from "./net/atrarium/community/listMembers.ts";
import update from "./net/atrarium/community/update.ts";
import blockUser from "./net/atrarium/moderation/blockUser.ts";
import hidePost from "./net/atrarium/moderation/hidePost.ts";
import listActions from "./net/atrarium/moderation/listActions.ts";
import unblockUser from "./net/atrarium/moderation/unblockUser.ts";
import unhidePost from "./net/atrarium/moderation/unhidePost.ts";
import indexRecord from "./net/atrarium/sync/indexRecord.ts";

// Writes (create, update, join, leave and the moderation actions) go to the caller's own repo through the
// OAuth session the caller granted the Worker (ctx.writer()).
//                                                 REST alias                         auth
export const apiMethods: ApiHandlers = {
  [COMMUNITY_LIST_NSID]: list, //                  GET  /api/communities              anyone
  [COMMUNITY_GET_NSID]: get, //                    GET  /api/communities/:id          anyone
  [COMMUNITY_LIST_MEMBERS_NSID]: listMembers, //   GET  /api/communities/:id/members  anyone
  [COMMUNITY_GET_FEED_PREVIEW_NSID]: getFeedPreview, // GET /api/communities/:id/feed  anyone
  [COMMUNITY_GET_STATS_NSID]: getStats, //         GET  /api/communities/:id/stats    anyone
  [COMMUNITY_GET_HIERARCHY_NSID]: getHierarchy, // GET  /api/communities/:id/hierarchy anyone
  [COMMUNITY_GET_VIEWER_STATE_NSID]: getViewerState, // GET /api/communities/:id/me   signed in
  [MODERATION_LIST_ACTIONS_NSID]: listActions, //  GET  /api/moderation/actions       owner, moderators
  [SYNC_INDEX_RECORD_NSID]: indexRecord, //        POST /api/communities/:id/sync     signed in, own repo
  [COMMUNITY_CREATE_NSID]: create, //              POST /api/communities              signed in, own repo
  [COMMUNITY_UPDATE_NSID]: update, //              POST /api/communities/:id/config   owner, own repo
  [COMMUNITY_JOIN_NSID]: join, //                  POST /api/memberships              signed in, own repo
  [COMMUNITY_LEAVE_NSID]: leave, //                DELETE /api/memberships/:id        signed in, own repo
  [MODERATION_HIDE_POST_NSID]: hidePost, //        POST /api/moderation/hide          owner, moderators
  [MODERATION_UNHIDE_POST_NSID]: unhidePost, //    POST /api/moderation/unhide        owner, moderators
  [MODERATION_BLOCK_USER_NSID]: blockUser, //      POST /api/moderation/block         owner, moderators
  [MODERATION_UNBLOCK_USER_NSID]: unblockUser, //  POST /api/moderation/unblock       owner, moderators
};
