// Rules the lexicon schema language cannot express. Each rule only looks at values of the expected
// type and leaves type errors to the schema check, so one bad field is never reported twice.
import { COMMUNITY_CONFIG_NSID } from "./generated/types.ts";
import type { FieldError } from "./result.ts";
import { didProblem, POST_NSID, recordUriProblem } from "./syntax.ts";

export type Rule = (record: Record<string, unknown>) => FieldError[];

export const HASHTAG_PATTERN = /^#atrarium_[0-9a-f]{8}$/;
// A community's id: the 8 hex digits of its hashtag, as XRPC methods and REST aliases name it.
export const COMMUNITY_ID_PATTERN = /^[0-9a-f]{8}$/;
const FEED_MIX_KEYS = ["own", "parent", "global"] as const;
const FEED_MIX_TOTAL = 100;
// Who may join a community. An access control must not guess: a value outside these makes the config
// invalid rather than silently open.
export const ACCESS_TYPES = ["open", "invite-only"] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function configUri(field: string, value: unknown): FieldError[] {
  if (typeof value !== "string") return [];
  const message = recordUriProblem(value, COMMUNITY_CONFIG_NSID, true);
  return message ? [{ field, message }] : [];
}

export const communityConfigRules: Rule = (record) => {
  const errors: FieldError[] = [];
  const { name, hashtag, feedMix, parentCommunity } = record;
  // minLength 1 lets "   " through; a blank name is unusable in every UI.
  if (typeof name === "string" && name.trim() === "") {
    errors.push({ field: "name", message: "must not be blank" });
  }
  if (typeof hashtag === "string" && !HASHTAG_PATTERN.test(hashtag)) {
    errors.push({ field: "hashtag", message: "must be #atrarium_ followed by 8 lowercase hex digits" });
  }
  if (isObject(feedMix)) {
    const parts = FEED_MIX_KEYS.map((key) => feedMix[key]);
    // Only sum when every share is a valid integer; otherwise the schema error on that share says it all.
    if (parts.every((part) => Number.isInteger(part) && (part as number) >= 0)) {
      const total = (parts as number[]).reduce((sum, part) => sum + part, 0);
      if (total !== FEED_MIX_TOTAL) {
        errors.push({
          field: "feedMix",
          message: `own + parent + global must be ${FEED_MIX_TOTAL}, got ${total}`,
        });
      }
    }
  }
  errors.push(...configUri("parentCommunity", parentCommunity));
  const { accessType } = record;
  if (typeof accessType === "string" && !(ACCESS_TYPES as readonly string[]).includes(accessType)) {
    errors.push({ field: "accessType", message: `must be one of ${ACCESS_TYPES.join(", ")}` });
  }
  return errors;
};

export const communityMembershipRules: Rule = (record) => configUri("community", record.community);

const POST_ACTIONS = new Set(["hide_post", "unhide_post"]);
const USER_ACTIONS = new Set([
  "block_user",
  "unblock_user",
  "approve_member",
  "reject_member",
  "invite_member",
  "set_title",
]);
const EMOJI_ACTIONS = new Set(["approve_emoji", "reject_emoji"]);
export const EMOJI_NSID = "net.atrarium.community.emoji";

export const moderationActionRules: Rule = (record) => {
  const errors = configUri("community", record.community);
  const { action, target } = record;
  if (typeof action === "string" && typeof target === "string") {
    let message: string | undefined;
    if (POST_ACTIONS.has(action)) {
      const problem = recordUriProblem(target, POST_NSID, false);
      message = problem && `${action} needs the at-uri of a post: ${problem}`;
    } else if (USER_ACTIONS.has(action)) {
      const problem = didProblem(target);
      message = problem && `${action} needs a user DID: target ${problem}`;
    } else if (EMOJI_ACTIONS.has(action)) {
      const problem = recordUriProblem(target, EMOJI_NSID, false);
      message = problem && `${action} needs the at-uri of a custom emoji record: ${problem}`;
    }
    if (message) errors.push({ field: "target", message });
  }
  return errors;
};

// Custom emoji: only raster types a browser draws without running anything (never SVG, which can
// carry script), small enough for a reaction chip. The lexicon's `accept`/`maxSize` say the same, but
// @atproto/lexicon does not check blob constraints, so they are enforced here.
export const EMOJI_MIME_TYPES = ["image/png", "image/webp", "image/gif"] as const;
export const EMOJI_MAX_BYTES = 256 * 1024;
export const SHORTCODE_PATTERN = /^[a-z0-9_]{2,32}$/;

/** Why a blob reference cannot be a custom emoji image, or undefined when it can. */
export function emojiImageProblem(image: unknown): string | undefined {
  if (!isObject(image)) return undefined;
  const { mimeType, size } = image;
  if (typeof mimeType !== "string" || !(EMOJI_MIME_TYPES as readonly string[]).includes(mimeType))
    return `must be one of ${EMOJI_MIME_TYPES.join(", ")} (got ${String(mimeType)})`;
  if (typeof size !== "number" || !Number.isInteger(size) || size < 0 || size > EMOJI_MAX_BYTES)
    return `must be at most ${EMOJI_MAX_BYTES} bytes (got ${String(size)})`;
  return undefined;
}

export const communityEmojiRules: Rule = (record) => {
  const errors = configUri("community", record.community);
  const { shortcode, image } = record;
  if (typeof shortcode === "string" && !SHORTCODE_PATTERN.test(shortcode))
    errors.push({ field: "shortcode", message: "must be 2 to 32 of a-z, 0-9 and _" });
  const problem = emojiImageProblem(image);
  if (problem) errors.push({ field: "image", message: problem });
  return errors;
};

// One emoji: a pictograph, a flag (regional indicators) or a keycap, with no letters; the schema
// bounds it to one grapheme.
const PICTOGRAPH = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;
const LETTER = /\p{L}/u;

/** Why `emoji` is not a single Unicode emoji, or undefined when it is. */
export function unicodeEmojiProblem(emoji: string): string | undefined {
  return PICTOGRAPH.test(emoji) && !LETTER.test(emoji) ? undefined : "must be a Unicode emoji";
}

export const communityReactionRules: Rule = (record) => {
  const errors = configUri("community", record.community);
  const { subject, emoji, customEmoji } = record;
  if (isObject(subject) && typeof subject.uri === "string") {
    const problem = recordUriProblem(subject.uri, POST_NSID, false);
    if (problem) errors.push({ field: "subject.uri", message: problem });
  }
  if ((emoji === undefined) === (customEmoji === undefined))
    errors.push({ field: "emoji", message: "give exactly one of emoji and customEmoji" });
  else if (typeof emoji === "string") {
    const problem = unicodeEmojiProblem(emoji);
    if (problem) errors.push({ field: "emoji", message: problem });
  } else if (typeof customEmoji === "string") {
    const problem = recordUriProblem(customEmoji, EMOJI_NSID, false);
    if (problem) errors.push({ field: "customEmoji", message: problem });
  }
  return errors;
};
