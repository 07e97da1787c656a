// Who is a member of an invite-only community, decided at read time like every role:
// - in an open community (the config's accessType absent or "open") every active membership is a member;
// - in an invite-only one a membership record alone is a join request; its author is a member once the
//   latest of the staff's approve_member / invite_member / reject_member actions naming them is an
//   approval or an invitation. The three share one "latest wins" here (an invitation after a rejection
//   re-admits, a rejection after an approval removes), and an action whose author is its target never
//   counts (no self-approval; staff never need one anyway);
// - a request is pending while no such decision is in force and its author is not blocked; a rejection
//   ends it, until the user asks again: a membership whose joinedAt is later than the rejection (the
//   join route writes a new joinedAt for that) is a new request;
// - a blocked user's request is refused: never listed, and their posts stay out whatever was decided
//   (VISIBLE_POST_CONDITION); once unblocked, the latest decision stands again.
// Switching a community between the two: see write/access-switch.ts.
// These CTEs need `staff`, `staff_action` and `blocked` (visibility.ts) before them.

export const INVITE_ONLY = "invite-only";

export const MEMBER_ACCESS_CTES = `
  invite_only(yes) AS (
    SELECT EXISTS (SELECT 1 FROM config WHERE deleted = 0 AND access_type = '${INVITE_ONLY}')
  ),
  member_decision AS (
    SELECT target, action, created_at,
      ROW_NUMBER() OVER (PARTITION BY target ORDER BY created_at DESC, uri DESC) AS rn
    FROM staff_action
    WHERE action IN ('approve_member', 'invite_member', 'reject_member') AND author <> target
  ),
  accepted(did) AS (SELECT target FROM member_decision WHERE rn = 1 AND action <> 'reject_member'),
  rejected(did, at) AS (SELECT target, created_at FROM member_decision WHERE rn = 1 AND action = 'reject_member'),
  members(did) AS (
    SELECT DISTINCT did FROM membership WHERE deleted = 0 AND active = 1
      AND (NOT (SELECT yes FROM invite_only) OR did IN (SELECT did FROM accepted))
  ),
  -- The requests the community would have if it were invite-only (write/access-switch.ts approves
  -- them before a switch); pending: those it has.
  unaccepted(did, uri, joined_at) AS (
    SELECT m.did, m.uri, m.joined_at FROM membership m
    WHERE m.deleted = 0 AND m.active = 1
      AND m.did NOT IN (SELECT did FROM staff)
      AND m.did NOT IN (SELECT did FROM accepted)
      AND m.did NOT IN (SELECT did FROM blocked)
      AND NOT EXISTS (SELECT 1 FROM rejected r WHERE r.did = m.did AND r.at >= m.joined_at)
  ),
  pending(did, uri, joined_at) AS (SELECT * FROM unaccepted WHERE (SELECT yes FROM invite_only)),`;
