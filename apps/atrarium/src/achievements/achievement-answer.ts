// The index's answer behind net.atrarium.community.getAchievements: the time-based milestones are
// checked first (lazily, on read), then the stored awards are listed. The API passes in what only it
// knows (the community's children in the hierarchy) so theme-spawned is awarded here too.
import type { CommunityDefsAchievementView, CommunityGetAchievementsOutput } from "@atrarium/lexicon";
import {
  achievementsOf,
  awardTimeBased,
  communityAchievements,
  memberAchievementIds,
  noteChildren,
  type StoredAchievement,
} from "./achievement-store.ts";

export interface AchievementsQuery {
  kind: "achievements";
  member?: string;
  // The community's children as getHierarchy sees them, and the first one's createdAt (ms).
  children?: { count: number; firstAt: number };
}

export type AchievementsAnswer = Omit<CommunityGetAchievementsOutput, "stale">;

const view = (a: StoredAchievement): CommunityDefsAchievementView => ({
  id: a.id,
  scope: a.scope,
  achievedAt: new Date(a.achievedAt).toISOString(),
});

// Member milestone ids per DID for a page of the member list (time-based ones checked first).
export function memberBadges(sql: SqlStorage, dids: string[], now: number): Map<string, string[]> {
  awardTimeBased(sql, now);
  return memberAchievementIds(sql, dids);
}

export function achievementsAnswer(sql: SqlStorage, q: AchievementsQuery, now: number): AchievementsAnswer {
  awardTimeBased(sql, now);
  if (q.children) noteChildren(sql, q.children.count, q.children.firstAt, now);
  return {
    community: communityAchievements(sql).map(view),
    ...(q.member
      ? { members: [{ did: q.member, achievements: achievementsOf(sql, "member", q.member).map(view) }] }
      : {}),
  };
}
