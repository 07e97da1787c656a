// Every Atrarium API method: the route table. Each is served at /xrpc/<nsid> and at the REST alias
// the method table gives it (ATRARIUM_API_ROUTES in @atrarium/lexicon).
import {
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
} from "@atrarium/lexicon";
import type { ApiHandlers } from "./method.ts";
import acceptTransfer from "./net/atrarium/community/acceptTransfer.ts";
import create from "./net/atrarium/community/create.ts";
import get from "./net/atrarium/community/get.ts";
import getAchievements from "./net/atrarium/community/getAchievements.ts";
import getFeedPreview from "./net/atrarium/community/getFeedPreview.ts";
import getHierarchy from "./net/atrarium/community/getHierarchy.ts";
import getReactions from "./net/atrarium/community/getReactions.ts";
import getStats from "./net/atrarium/community/getStats.ts";
import getSuggestions from "./net/atrarium/community/getSuggestions.ts";
import getViewerState from "./net/atrarium/community/getViewerState.ts";
import join from "./net/atrarium/community/join.ts";
import leave from "./net/atrarium/community/leave.ts";
import list from "./net/atrarium/community/list.ts";
import listEmoji from "./net/atrarium/community/listEmoji.ts";
import listMembers from "./net/atrarium/community/listMembers.ts";
import listRequests from "./net/atrarium/community/listRequests.ts";
import proposeEmoji from "./net/atrarium/community/proposeEmoji.ts";
import react from "./net/atrarium/community/react.ts";
import transferOwnership from "./net/atrarium/community/transferOwnership.ts";
import unreact from "./net/atrarium/community/unreact.ts";
import update from "./net/atrarium/community/update.ts";
import approveEmoji from "./net/atrarium/moderation/approveEmoji.ts";
import approveMember from "./net/atrarium/moderation/approveMember.ts";
import blockUser from "./net/atrarium/moderation/blockUser.ts";
import hidePost from "./net/atrarium/moderation/hidePost.ts";
import inviteMember from "./net/atrarium/moderation/inviteMember.ts";
import listActions from "./net/atrarium/moderation/listActions.ts";
import rejectEmoji from "./net/atrarium/moderation/rejectEmoji.ts";
import rejectMember from "./net/atrarium/moderation/rejectMember.ts";
import setTitle from "./net/atrarium/moderation/setTitle.ts";
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
  [COMMUNITY_GET_ACHIEVEMENTS_NSID]: getAchievements, // GET /api/communities/:id/achievements anyone
  [COMMUNITY_GET_VIEWER_STATE_NSID]: getViewerState, // GET /api/communities/:id/me   signed in
  [MODERATION_LIST_ACTIONS_NSID]: listActions, //  GET  /api/moderation/actions       owner, moderators
  [COMMUNITY_GET_SUGGESTIONS_NSID]: getSuggestions, // GET /api/communities/:id/suggestions owner, moderators
  [SYNC_INDEX_RECORD_NSID]: indexRecord, //        POST /api/communities/:id/sync     signed in, own repo
  [COMMUNITY_CREATE_NSID]: create, //              POST /api/communities              signed in, own repo
  [COMMUNITY_UPDATE_NSID]: update, //              POST /api/communities/:id/config   owner, own repo
  [COMMUNITY_JOIN_NSID]: join, //                  POST /api/memberships              signed in, own repo
  [COMMUNITY_LEAVE_NSID]: leave, //                DELETE /api/memberships/:id        signed in, own repo
  [MODERATION_HIDE_POST_NSID]: hidePost, //        POST /api/moderation/hide          owner, moderators
  [MODERATION_UNHIDE_POST_NSID]: unhidePost, //    POST /api/moderation/unhide        owner, moderators
  [MODERATION_BLOCK_USER_NSID]: blockUser, //      POST /api/moderation/block         owner, moderators
  [MODERATION_UNBLOCK_USER_NSID]: unblockUser, //  POST /api/moderation/unblock       owner, moderators
  [COMMUNITY_GET_REACTIONS_NSID]: getReactions, // GET /api/communities/:id/reactions anyone
  [COMMUNITY_LIST_EMOJI_NSID]: listEmoji, //       GET  /api/communities/:id/emoji    anyone (pending: staff)
  [COMMUNITY_REACT_NSID]: react, //                POST /api/reactions                members, own repo
  [COMMUNITY_UNREACT_NSID]: unreact, //            POST /api/reactions/delete         signed in, own repo
  [COMMUNITY_PROPOSE_EMOJI_NSID]: proposeEmoji, // POST /api/emoji                    members, own repo
  [MODERATION_APPROVE_EMOJI_NSID]: approveEmoji, // POST /api/moderation/emoji/approve owner, moderators
  [MODERATION_REJECT_EMOJI_NSID]: rejectEmoji, //  POST /api/moderation/emoji/reject  owner, moderators
  [COMMUNITY_TRANSFER_OWNERSHIP_NSID]: transferOwnership, // POST /api/communities/:id/transfer owner
  [COMMUNITY_ACCEPT_TRANSFER_NSID]: acceptTransfer, // POST /api/communities/:id/transfer/accept offered member
  [MODERATION_SET_TITLE_NSID]: setTitle, //         POST /api/moderation/title          owner, moderators
  [COMMUNITY_LIST_REQUESTS_NSID]: listRequests, //   GET  /api/communities/:id/requests  owner, moderators
  [MODERATION_APPROVE_MEMBER_NSID]: approveMember, // POST /api/moderation/approve-member owner, moderators
  [MODERATION_REJECT_MEMBER_NSID]: rejectMember, //  POST /api/moderation/reject-member  owner, moderators
  [MODERATION_INVITE_MEMBER_NSID]: inviteMember, //  POST /api/moderation/invite-member  owner, moderators
};
