// The one table of Atrarium achievements (milestones): what the Worker awards, what the API's
// net.atrarium.community.getAchievements lists, what the dashboard draws as badges and what the docs
// describe. Each rule is a pure function of counters and times the community index keeps; the Worker
// (apps/atrarium/src/achievements) feeds it facts and stores what it earns, once, never revoked.

export type AchievementScope = "community" | "member";

/** What a community's index knows about the community when its milestones are checked. */
export interface CommunityFacts {
  // Posts ever counted (first insert of a uri within the retention window; never decremented).
  posts: number;
  // Active members now (distinct DIDs with an active membership record).
  members: number;
  stage: string;
  // Themes whose config names this community and whose owner is staff here (getHierarchy's children).
  children: number;
}

/** What a community's index knows about one member when their milestones are checked. */
export interface MemberFacts {
  // Posts by this member ever counted in this community.
  posts: number;
  // 1-based place among the community's members by join time, or null when not an active member.
  joinRank: number | null;
  // Since when the owner's config lists them as a moderator (ms), null when it does not.
  moderatorSince: number | null;
  now: number;
}

export const FOUNDING_MEMBERS = 10;
export const MODERATOR_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

interface Entry<Scope extends AchievementScope, Facts> {
  id: string;
  scope: Scope;
  // A small picture for the badge; the label comes from the dashboard's i18n key `achievement.<id>`.
  emoji: string;
  // The rule in words (docs, tooltips), then as code.
  rule: string;
  earned: (facts: Facts) => boolean;
}

export type CommunityAchievement = Entry<"community", CommunityFacts>;
export type MemberAchievement = Entry<"member", MemberFacts>;

export const COMMUNITY_ACHIEVEMENTS = [
  {
    id: "first-post",
    scope: "community",
    emoji: "🌱",
    rule: "The first post was indexed.",
    earned: (f) => f.posts >= 1,
  },
  {
    id: "members-10",
    scope: "community",
    emoji: "👥",
    rule: "10 active members.",
    earned: (f) => f.members >= 10,
  },
  {
    id: "members-100",
    scope: "community",
    emoji: "🏘️",
    rule: "100 active members.",
    earned: (f) => f.members >= 100,
  },
  {
    id: "posts-100",
    scope: "community",
    emoji: "💬",
    rule: "100 posts indexed.",
    earned: (f) => f.posts >= 100,
  },
  {
    id: "posts-1000",
    scope: "community",
    emoji: "📚",
    rule: "1,000 posts indexed.",
    earned: (f) => f.posts >= 1000,
  },
  {
    id: "graduated",
    scope: "community",
    emoji: "🎓",
    rule: "The owner's config set the stage to graduated.",
    earned: (f) => f.stage === "graduated",
  },
  {
    id: "theme-spawned",
    scope: "community",
    emoji: "🌿",
    rule: "A first theme grew out of this community (a child in getHierarchy).",
    earned: (f) => f.children >= 1,
  },
] as const satisfies readonly CommunityAchievement[];

export const MEMBER_ACHIEVEMENTS = [
  {
    id: "first-post",
    scope: "member",
    emoji: "✍️",
    rule: "Their first post here was indexed.",
    earned: (f) => f.posts >= 1,
  },
  { id: "posts-10", scope: "member", emoji: "🗨️", rule: "10 posts here.", earned: (f) => f.posts >= 10 },
  { id: "posts-100", scope: "member", emoji: "🏅", rule: "100 posts here.", earned: (f) => f.posts >= 100 },
  {
    id: "founding-member",
    scope: "member",
    emoji: "🏛️",
    rule: `Among the first ${FOUNDING_MEMBERS} members by join time.`,
    earned: (f) => f.joinRank !== null && f.joinRank <= FOUNDING_MEMBERS,
  },
  {
    id: "moderator-30-days",
    scope: "member",
    emoji: "🛡️",
    rule: `Listed as a moderator in the owner's config for ${MODERATOR_DAYS} days.`,
    earned: (f) => f.moderatorSince !== null && f.now - f.moderatorSince >= MODERATOR_DAYS * DAY_MS,
  },
] as const satisfies readonly MemberAchievement[];

export type CommunityAchievementId = (typeof COMMUNITY_ACHIEVEMENTS)[number]["id"];
export type MemberAchievementId = (typeof MEMBER_ACHIEVEMENTS)[number]["id"];
export type AchievementId = CommunityAchievementId | MemberAchievementId;

/** The ids a community has earned by these facts, in table order. */
export const communityMilestones = (facts: CommunityFacts): CommunityAchievementId[] =>
  COMMUNITY_ACHIEVEMENTS.filter((a) => a.earned(facts)).map((a) => a.id);

/** The ids a member has earned by these facts, in table order. */
export const memberMilestones = (facts: MemberFacts): MemberAchievementId[] =>
  MEMBER_ACHIEVEMENTS.filter((a) => a.earned(facts)).map((a) => a.id);

/** The table's entry for an id of a scope (the dashboard's badges), undefined for an unknown id. */
export function achievementOf(
  scope: AchievementScope,
  id: string,
): CommunityAchievement | MemberAchievement | undefined {
  const table: readonly (CommunityAchievement | MemberAchievement)[] =
    scope === "community" ? COMMUNITY_ACHIEVEMENTS : MEMBER_ACHIEVEMENTS;
  return table.find((a) => a.id === id);
}
