// @atrarium/lexicon: net.atrarium.* record types, their lexicon docs, and validators.
// Runtime-neutral (no Node APIs) so it bundles into Workers and browsers alike.
export {
  ATRARIUM_LEXICON_DOCS,
  communityConfigLexicon,
  communityMembershipLexicon,
  moderationActionLexicon,
} from "./generated/lexicons.ts";
export {
  ATRARIUM_RECORD_NSIDS,
  type AtrariumRecordMap,
  type AtrariumRecordNsid,
  COMMUNITY_CONFIG_NSID,
  COMMUNITY_MEMBERSHIP_NSID,
  type CommunityConfig,
  type CommunityConfigFeedMix,
  type CommunityMembership,
  MODERATION_ACTION_NSID,
  type ModerationAction,
} from "./generated/types.ts";
export type { FieldError, ValidationResult } from "./result.ts";
export { HASHTAG_PATTERN } from "./rules.ts";
export {
  isAtrariumRecordNsid,
  validateAtrariumRecord,
  validateCommunityConfig,
  validateCommunityMembership,
  validateModerationAction,
} from "./validate.ts";
