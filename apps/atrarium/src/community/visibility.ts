// Read-time rules of a community, as SQL common table expressions:
// - staff: the owner and the moderators listed in the owner's current config;
// - a moderation action counts only if its author is staff; per target the latest (createdAt, uri)
//   of those wins, so the order events arrived in never matters;
// - a post shows if its author is staff or an active member, is not blocked, and it is not hidden;
// - and if the author's account is not inactive (the stream's latest #account said active: false):
//   deactivated, taken down, suspended or deleted accounts' posts come back only if it is reactivated.
export const VISIBILITY_CTES = `
  staff(did) AS (
    SELECT owner FROM config WHERE deleted = 0
    UNION SELECT j.value FROM config, json_each(config.moderators) j WHERE config.deleted = 0
  ),
  effective AS (
    SELECT target, action, ROW_NUMBER() OVER (PARTITION BY target ORDER BY created_at DESC, uri DESC) AS rn
    FROM moderation WHERE deleted = 0 AND author IN (SELECT did FROM staff)
  ),
  hidden(uri) AS (SELECT target FROM effective WHERE rn = 1 AND action = 'hide_post'),
  blocked(did) AS (SELECT target FROM effective WHERE rn = 1 AND action = 'block_user'),
  members(did) AS (SELECT DISTINCT did FROM membership WHERE deleted = 0 AND active = 1),
  visible_authors(did) AS (
    SELECT did FROM staff UNION SELECT did FROM members
  ),
  inactive(did) AS (SELECT did FROM author_status WHERE active = 0)`;

export const VISIBLE_POST_CONDITION = `
  p.deleted = 0
  AND +p.author IN (SELECT did FROM visible_authors)
  AND +p.author NOT IN (SELECT did FROM blocked)
  AND +p.author NOT IN (SELECT did FROM inactive)
  AND p.uri NOT IN (SELECT uri FROM hidden)`;
