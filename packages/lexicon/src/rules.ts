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
  return errors;
};

export const communityMembershipRules: Rule = (record) => configUri("community", record.community);

const POST_ACTIONS = new Set(["hide_post", "unhide_post"]);
const USER_ACTIONS = new Set(["block_user", "unblock_user"]);

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
    }
    if (message) errors.push({ field: "target", message });
  }
  return errors;
};
