// @atrarium/lexicon: net.atrarium.* record types, their lexicon docs, and validators; the XRPC
// methods' types, checks and REST aliases. Runtime-neutral (no Node APIs) so it bundles into Workers
// and browsers alike.
export {
  type ApiAuth,
  type ApiRequest,
  type ApiRoute,
  ATRARIUM_API_ROUTES,
  apiRequest,
  type HttpVerb,
  httpVerbOf,
  restPathParams,
} from "./api-routes.ts";
export {
  ATRARIUM_LEXICON_DOCS,
  communityConfigLexicon,
  communityMembershipLexicon,
  moderationActionLexicon,
} from "./generated/lexicons.ts";
export {
  ATRARIUM_METHOD_NSIDS,
  ATRARIUM_METHOD_TYPES,
  ATRARIUM_RECORD_NSIDS,
  type AtrariumMethodMap,
  type AtrariumMethodNsid,
  type AtrariumRecordMap,
  type AtrariumRecordNsid,
  COMMUNITY_CONFIG_NSID,
  COMMUNITY_GET_FEED_PREVIEW_NSID,
  COMMUNITY_GET_NSID,
  COMMUNITY_GET_STATS_NSID,
  COMMUNITY_GET_VIEWER_STATE_NSID,
  COMMUNITY_LIST_MEMBERS_NSID,
  COMMUNITY_LIST_NSID,
  COMMUNITY_MEMBERSHIP_NSID,
  type CommunityConfig,
  type CommunityConfigFeedMix,
  type CommunityDefsCommunityView,
  type CommunityDefsMemberView,
  type CommunityDefsPostView,
  type CommunityGetFeedPreviewOutput,
  type CommunityGetFeedPreviewParams,
  type CommunityGetOutput,
  type CommunityGetParams,
  type CommunityGetStatsOutput,
  type CommunityGetStatsParams,
  type CommunityGetViewerStateOutput,
  type CommunityGetViewerStateParams,
  type CommunityListMembersOutput,
  type CommunityListMembersParams,
  type CommunityListOutput,
  type CommunityListParams,
  type CommunityMembership,
  MODERATION_ACTION_NSID,
  MODERATION_LIST_ACTIONS_NSID,
  type ModerationAction,
  type ModerationDefsActionView,
  type ModerationListActionsOutput,
  type ModerationListActionsParams,
  SYNC_INDEX_RECORD_NSID,
  type SyncIndexRecordInput,
  type SyncIndexRecordOutput,
} from "./generated/types.ts";
export type { FieldError, ValidationResult } from "./result.ts";
export { COMMUNITY_ID_PATTERN, HASHTAG_PATTERN } from "./rules.ts";
export { atrariumLexicons } from "./schema.ts";
export {
  isAtrariumRecordNsid,
  validateAtrariumRecord,
  validateCommunityConfig,
  validateCommunityMembership,
  validateModerationAction,
} from "./validate.ts";
export {
  decodeXrpcParams,
  type MethodInput,
  type MethodOutput,
  type MethodParams,
  type ValidParams,
  validateXrpcInput,
  validateXrpcOutput,
  validateXrpcParams,
} from "./xrpc.ts";
