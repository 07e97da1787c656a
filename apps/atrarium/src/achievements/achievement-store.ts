// Achievements inside one community's Durable Object: running counters, facts for the rules of the
// achievement table (@atrarium/lexicon achievements.ts) and the awards. Checked right after a row is
// put (cheap: a few indexed lookups), and the time-based ones (moderator-30-days) lazily on read, so no
// alarm is needed. An award is stored once and never revoked: leaving, deleting posts, a config that
// drops a moderator or changes the stage back take nothing away.
//
// Counters survive retention: the purge deletes post rows, never counts. A post counts once, at the
// first insert of its uri while its sort time is inside the retention window. Events arrive at least
// once and rebuilds replay: a replay of a stored post finds its row (an update, not counted); a replay
// of a post already purged has a sort time before the window (the purge cutoff only moves forward), so
// it is not counted either. A deletion leaves the count as it was: it counts posts ever indexed.
import {
  type AchievementScope,
  type CommunityFacts,
  communityMilestones,
  MEMBER_ACHIEVEMENTS,
  type MemberFacts,
  MODERATOR_DAYS,
  memberMilestones,
} from "@atrarium/lexicon";
import { type ConfigInput, type PostInput, putPost } from "../community/community-store.ts";
import { VISIBILITY_CTES } from "../community/visibility.ts";
import { all, first } from "../shared/sql.ts";

// The counter row of the whole community (a member's row is keyed by their DID).
const COMMUNITY = "";
const DAY_MS = 24 * 60 * 60 * 1000;

export interface StoredAchievement {
  scope: AchievementScope;
  subject: string;
  id: string;
  achievedAt: number;
}

function award(sql: SqlStorage, scope: AchievementScope, subject: string, ids: string[], at: number) {
  for (const id of ids)
    sql.exec(
      "INSERT OR IGNORE INTO achievement (scope, subject, id, achieved_at) VALUES (?, ?, ?, ?)",
      scope,
      subject,
      id,
      at,
    );
}

const postCount = (sql: SqlStorage, subject: string) =>
  first<{ posts: number }>(sql, "SELECT posts FROM post_count WHERE subject = ?", subject)?.posts ?? 0;

function communityFacts(sql: SqlStorage, children = 0): CommunityFacts {
  const row = first<{ members: number; stage: string | null }>(
    sql,
    // Accepted members only: an invite-only community's pending requests do not count (member-access.ts).
    `WITH ${VISIBILITY_CTES}
     SELECT (SELECT COUNT(*) FROM members) AS members,
            (SELECT stage FROM config WHERE deleted = 0 LIMIT 1) AS stage`,
  );
  return { posts: postCount(sql, COMMUNITY), members: row?.members ?? 0, stage: row?.stage ?? "", children };
}

function memberFacts(sql: SqlStorage, did: string, now: number): MemberFacts {
  const row = first<{ rank: number | null; since: number | null }>(
    sql,
    `WITH ${VISIBILITY_CTES}, joined(did, at) AS (
       SELECT did, COALESCE(MIN(joined_at), '') FROM membership
       WHERE deleted = 0 AND active = 1 AND did IN (SELECT did FROM members) GROUP BY did
     )
     SELECT CASE WHEN EXISTS (SELECT 1 FROM joined WHERE did = ?1) THEN
              (SELECT COUNT(*) FROM joined o WHERE (o.at, o.did) <= (SELECT at, did FROM joined WHERE did = ?1))
            END AS rank,
            (SELECT since FROM moderator_since WHERE did = ?1) AS since`,
    did,
  );
  return {
    posts: postCount(sql, did),
    joinRank: row?.rank ?? null,
    moderatorSince: row?.since ?? null,
    now,
  };
}

const checkCommunity = (sql: SqlStorage, at: number, children?: number) =>
  award(sql, "community", COMMUNITY, communityMilestones(communityFacts(sql, children)), at);

const checkMember = (sql: SqlStorage, did: string, now: number, at = now) =>
  award(sql, "member", did, memberMilestones(memberFacts(sql, did, now)), at);

function countPost(sql: SqlStorage, subject: string): void {
  sql.exec(
    `INSERT INTO post_count (subject, posts) VALUES (?, 1)
     ON CONFLICT (subject) DO UPDATE SET posts = posts + 1`,
    subject,
  );
}

// putPost, counting the post when it is new to the index (see the top of the file) and checking the
// post milestones of the community and the author. Awarded at the post's sort time.
export function putCountedPost(sql: SqlStorage, p: PostInput, now: number, retentionMs: number): boolean {
  const known = first(sql, "SELECT 1 FROM post WHERE uri = ?", p.uri) !== undefined;
  if (!putPost(sql, p, now)) return false;
  if (known) return true;
  const row = first<{ sort_time: number }>(sql, "SELECT sort_time FROM post WHERE uri = ?", p.uri);
  if (!row || row.sort_time < now - retentionMs) return true;
  countPost(sql, COMMUNITY);
  countPost(sql, p.author);
  checkCommunity(sql, row.sort_time);
  checkMember(sql, p.author, now, row.sort_time);
  return true;
}

// After a membership row was put: the member counts of the community, the member's join rank.
export function afterMembership(sql: SqlStorage, did: string, now: number): void {
  checkCommunity(sql, now);
  checkMember(sql, did, now);
}

// After the owner's config was put. `firstSeen`: the index held no config of this uri before (a new
// community, a rebuild, a hashtag that changed hands): its moderators count from the config's
// createdAt, the best the records tell; a moderator added by a later update counts from now. A
// moderator the config no longer lists starts over if listed again.
export function afterConfig(sql: SqlStorage, c: ConfigInput, firstSeen: boolean, now: number): void {
  if (firstSeen) sql.exec("DELETE FROM moderator_since");
  const listed = [...new Set(c.moderators)].filter((did) => did !== c.owner);
  sql.exec(
    "DELETE FROM moderator_since WHERE did NOT IN (SELECT value FROM json_each(?))",
    JSON.stringify(listed),
  );
  const created = Date.parse(c.createdAt);
  const since = firstSeen && Number.isFinite(created) ? Math.min(created, now) : now;
  for (const did of listed)
    sql.exec("INSERT OR IGNORE INTO moderator_since (did, since) VALUES (?, ?)", did, since);
  checkCommunity(sql, now);
  awardTimeBased(sql, now);
}

// The time-based milestones, checked on read: a moderator's days, awarded at the day they completed.
// The community's own are checked too, so an index from before achievements shows its milestones
// without waiting for the next write.
export function awardTimeBased(sql: SqlStorage, now: number): void {
  checkCommunity(sql, now);
  // A deleted config lists nobody: its moderators' days stop counting.
  const moderators = all<{ did: string; since: number }>(
    sql,
    "SELECT did, since FROM moderator_since WHERE EXISTS (SELECT 1 FROM config WHERE deleted = 0)",
  );
  for (const m of moderators) {
    const ids = memberMilestones(memberFacts(sql, m.did, now)).filter((id) => id === "moderator-30-days");
    award(sql, "member", m.did, ids, Math.min(now, m.since + MODERATOR_DAYS * DAY_MS));
  }
}

// The children count is known to the API (the registry's view of the hierarchy), not to this index.
export function noteChildren(sql: SqlStorage, children: number, firstChildAt: number, now: number): void {
  if (children > 0) checkCommunity(sql, Math.min(firstChildAt, now), children);
}

export function achievementsOf(
  sql: SqlStorage,
  scope: AchievementScope,
  subject: string,
): StoredAchievement[] {
  return all<{ id: string; achieved_at: number }>(
    sql,
    "SELECT id, achieved_at FROM achievement WHERE scope = ? AND subject = ? ORDER BY achieved_at, id",
    scope,
    subject,
  ).map((r) => ({ scope, subject, id: r.id, achievedAt: r.achieved_at }));
}

export const communityAchievements = (sql: SqlStorage) => achievementsOf(sql, "community", COMMUNITY);

// Member milestone ids per DID, for a page of the member list, in the catalogue's order: award times
// depend on when the index saw the records (the stream or a rebuild), the list must not.
const MEMBER_RANK = new Map<string, number>(MEMBER_ACHIEVEMENTS.map((a, i) => [a.id, i]));

export function memberAchievementIds(sql: SqlStorage, dids: string[]): Map<string, string[]> {
  const rows = all<{ subject: string; id: string }>(
    sql,
    `SELECT subject, id FROM achievement WHERE scope = 'member' AND subject IN (SELECT value FROM json_each(?))`,
    JSON.stringify(dids),
  );
  const ids = new Map<string, string[]>();
  for (const r of rows) ids.set(r.subject, [...(ids.get(r.subject) ?? []), r.id]);
  const rank = (id: string) => MEMBER_RANK.get(id) ?? MEMBER_RANK.size;
  for (const list of ids.values()) list.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return ids;
}
