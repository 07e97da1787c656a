// Public validators: schema check (@atproto/lexicon) plus the rules layer, merged into field errors.
import {
  ATRARIUM_RECORD_NSIDS,
  type AtrariumRecordMap,
  type AtrariumRecordNsid,
  COMMUNITY_CONFIG_NSID,
  COMMUNITY_EMOJI_NSID,
  COMMUNITY_MEMBERSHIP_NSID,
  COMMUNITY_REACTION_NSID,
  COMMUNITY_TRANSFER_ACCEPT_NSID,
  COMMUNITY_TRANSFER_NSID,
  type CommunityConfig,
  type CommunityEmoji,
  type CommunityMembership,
  type CommunityReaction,
  type CommunityTransfer,
  type CommunityTransferAccept,
  MODERATION_ACTION_NSID,
  type ModerationAction,
} from "./generated/types.ts";
import type { FieldError, ValidationResult } from "./result.ts";
import {
  communityConfigRules,
  communityEmojiRules,
  communityMembershipRules,
  communityReactionRules,
  moderationActionRules,
  type Rule,
} from "./rules.ts";
import { checkSchema } from "./schema.ts";
import { communityTransferAcceptRules, communityTransferRules } from "./transfer-rules.ts";

const RULES: { [N in AtrariumRecordNsid]: Rule } = {
  [COMMUNITY_CONFIG_NSID]: communityConfigRules,
  [COMMUNITY_MEMBERSHIP_NSID]: communityMembershipRules,
  [COMMUNITY_REACTION_NSID]: communityReactionRules,
  [COMMUNITY_EMOJI_NSID]: communityEmojiRules,
  [COMMUNITY_TRANSFER_NSID]: communityTransferRules,
  [COMMUNITY_TRANSFER_ACCEPT_NSID]: communityTransferAcceptRules,
  [MODERATION_ACTION_NSID]: moderationActionRules,
};

function isRecordObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function validateRecord<N extends AtrariumRecordNsid>(
  nsid: N,
  value: unknown,
): ValidationResult<AtrariumRecordMap[N]> {
  // Checked first because @atproto/lexicon treats arrays as objects and would report missing fields.
  if (!isRecordObject(value)) return { ok: false, errors: [{ field: "$", message: "must be an object" }] };
  const schema = checkSchema(nsid, value);
  const errors: FieldError[] = schema.ok ? [] : [schema.error];
  // $type is optional (a PDS adds it on create) but, when present, must name this collection.
  if (value.$type !== undefined && value.$type !== nsid) {
    errors.push({ field: "$type", message: `must be ${nsid}` });
  }
  for (const error of RULES[nsid](value)) {
    // The schema error already describes this field; a second message would only repeat it.
    if (!errors.some((existing) => existing.field === error.field)) errors.push(error);
  }
  if (errors.length > 0 || !schema.ok) return { ok: false, errors };
  return { ok: true, value: schema.value as unknown as AtrariumRecordMap[N] };
}

export function validateCommunityConfig(value: unknown): ValidationResult<CommunityConfig> {
  return validateRecord(COMMUNITY_CONFIG_NSID, value);
}

export function validateCommunityMembership(value: unknown): ValidationResult<CommunityMembership> {
  return validateRecord(COMMUNITY_MEMBERSHIP_NSID, value);
}

export function validateCommunityTransfer(value: unknown): ValidationResult<CommunityTransfer> {
  return validateRecord(COMMUNITY_TRANSFER_NSID, value);
}

export function validateCommunityTransferAccept(value: unknown): ValidationResult<CommunityTransferAccept> {
  return validateRecord(COMMUNITY_TRANSFER_ACCEPT_NSID, value);
}

export function validateModerationAction(value: unknown): ValidationResult<ModerationAction> {
  return validateRecord(MODERATION_ACTION_NSID, value);
}

export function validateCommunityReaction(value: unknown): ValidationResult<CommunityReaction> {
  return validateRecord(COMMUNITY_REACTION_NSID, value);
}

export function validateCommunityEmoji(value: unknown): ValidationResult<CommunityEmoji> {
  return validateRecord(COMMUNITY_EMOJI_NSID, value);
}

export function isAtrariumRecordNsid(nsid: string): nsid is AtrariumRecordNsid {
  return (ATRARIUM_RECORD_NSIDS as readonly string[]).includes(nsid);
}

/**
 * Validates a record of any net.atrarium collection, e.g. in a PDS write path or firehose consumer.
 * An NSID outside net.atrarium.* is reported as an error on `$type` rather than thrown.
 */
export function validateAtrariumRecord<N extends AtrariumRecordNsid>(
  nsid: N,
  value: unknown,
): ValidationResult<AtrariumRecordMap[N]>;
export function validateAtrariumRecord(nsid: string, value: unknown): ValidationResult<unknown>;
export function validateAtrariumRecord(nsid: string, value: unknown): ValidationResult<unknown> {
  if (!isAtrariumRecordNsid(nsid)) {
    return { ok: false, errors: [{ field: "$type", message: `${nsid} is not a net.atrarium record type` }] };
  }
  return validateRecord(nsid, value);
}
