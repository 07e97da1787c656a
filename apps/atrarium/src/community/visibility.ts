// Read-time rules of a community, as SQL common table expressions:
// - staff: the owner and the moderators listed in the owner's current config;
// - a moderation action counts only if its author is staff, or was the owner when it was taken and has
//   since handed the community over (former-owners.ts); per target and kind of decision (a post's
//   hide/unhide, a user's block/unblock, a join request's approve/reject, an emoji's approve/reject,
//   an invitation, a title) the latest (createdAt, uri) of those wins, so the order events arrived in
//   never matters and one kind never overrides another (a title set after a block keeps the block);
// - a post shows if its author is staff or an active member (an accepted one in an invite-only
//   community: member-access.ts), is not blocked, and it is not hidden;
// - and if the author's account is not inactive (the stream's latest #account said active: false):
//   deactivated, taken down, suspended or deleted accounts' posts come back only if it is reactivated;
// - and if no trusted labeler's hiding label is in force on it or its author (labels/).
import { LABEL_HIDES_CTE, NOT_LABELLED_CONDITION } from "../labels/community-label-hides.ts";
import { STAFF_ACTION_CTE } from "./former-owners.ts";
import { MEMBER_ACCESS_CTES } from "./member-access.ts";

// The kind of decision an action belongs to: an action and its undoing share one.
export const ACTION_KIND = `CASE action
    WHEN 'unhide_post' THEN 'hide_post' WHEN 'unblock_user' THEN 'block_user'
    WHEN 'reject_member' THEN 'approve_member' WHEN 'reject_emoji' THEN 'approve_emoji'
    ELSE action END`;

export const VISIBILITY_CTES = `
  staff(did) AS (
    SELECT owner FROM config WHERE deleted = 0
    UNION SELECT j.value FROM config, json_each(config.moderators) j WHERE config.deleted = 0
  ),
  ${STAFF_ACTION_CTE}
  effective AS (
    SELECT uri, target, action,
      ROW_NUMBER() OVER (PARTITION BY target, ${ACTION_KIND} ORDER BY created_at DESC, uri DESC) AS rn
    FROM staff_action
  ),
  hidden(uri) AS (SELECT target FROM effective WHERE rn = 1 AND action = 'hide_post'),
  blocked(did) AS (SELECT target FROM effective WHERE rn = 1 AND action = 'block_user'),
  ${MEMBER_ACCESS_CTES}
  visible_authors(did) AS (
    SELECT did FROM staff UNION SELECT did FROM members
  ),
  inactive(did) AS (SELECT did FROM author_status WHERE active = 0),${LABEL_HIDES_CTE}`;

export const VISIBLE_POST_CONDITION = `
  p.deleted = 0
  AND +p.author IN (SELECT did FROM visible_authors)
  AND +p.author NOT IN (SELECT did FROM blocked)
  AND +p.author NOT IN (SELECT did FROM inactive)
  AND p.uri NOT IN (SELECT uri FROM hidden)
  AND ${NOT_LABELLED_CONDITION}`;
