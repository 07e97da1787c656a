// The achievement table (src/achievements.ts): each rule at its threshold, and the lexicon's known
// ids in step with the table, so the API, the dashboard and the docs name the same milestones.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ATRARIUM_LEXICON_DOCS,
  achievementOf,
  COMMUNITY_ACHIEVEMENTS,
  type CommunityFacts,
  communityMilestones,
  MEMBER_ACHIEVEMENTS,
  type MemberFacts,
  memberMilestones,
} from "../src/index.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = Date.parse("2026-12-06T00:00:00.000Z");
const community = (over: Partial<CommunityFacts> = {}): CommunityFacts => ({
  posts: 0,
  members: 0,
  stage: "theme",
  children: 0,
  ...over,
});
const member = (over: Partial<MemberFacts> = {}): MemberFacts => ({
  posts: 0,
  joinRank: null,
  moderatorSince: null,
  now: NOW,
  ...over,
});

describe("community milestones", () => {
  it("nothing for an empty community", () => {
    expect(communityMilestones(community())).toEqual([]);
  });

  it("posts: first-post at 1, posts-100 at 100, posts-1000 at 1,000", () => {
    expect(communityMilestones(community({ posts: 1 }))).toEqual(["first-post"]);
    expect(communityMilestones(community({ posts: 99 }))).toEqual(["first-post"]);
    expect(communityMilestones(community({ posts: 100 }))).toEqual(["first-post", "posts-100"]);
    expect(communityMilestones(community({ posts: 999 }))).toEqual(["first-post", "posts-100"]);
    expect(communityMilestones(community({ posts: 1000 }))).toEqual([
      "first-post",
      "posts-100",
      "posts-1000",
    ]);
  });

  it("members: members-10 at 10, members-100 at 100", () => {
    expect(communityMilestones(community({ members: 9 }))).toEqual([]);
    expect(communityMilestones(community({ members: 10 }))).toEqual(["members-10"]);
    expect(communityMilestones(community({ members: 100 }))).toEqual(["members-10", "members-100"]);
  });

  it("graduated by stage, theme-spawned by a first child", () => {
    expect(communityMilestones(community({ stage: "community" }))).toEqual([]);
    expect(communityMilestones(community({ stage: "graduated" }))).toEqual(["graduated"]);
    expect(communityMilestones(community({ children: 1 }))).toEqual(["theme-spawned"]);
  });
});

describe("member milestones", () => {
  it("posts: first-post, posts-10, posts-100", () => {
    expect(memberMilestones(member({ posts: 1 }))).toEqual(["first-post"]);
    expect(memberMilestones(member({ posts: 9 }))).toEqual(["first-post"]);
    expect(memberMilestones(member({ posts: 10 }))).toEqual(["first-post", "posts-10"]);
    expect(memberMilestones(member({ posts: 100 }))).toEqual(["first-post", "posts-10", "posts-100"]);
  });

  it("founding-member: join ranks 1 to 10, not 11 nor a non-member", () => {
    expect(memberMilestones(member({ joinRank: 1 }))).toEqual(["founding-member"]);
    expect(memberMilestones(member({ joinRank: 10 }))).toEqual(["founding-member"]);
    expect(memberMilestones(member({ joinRank: 11 }))).toEqual([]);
    expect(memberMilestones(member({ joinRank: null }))).toEqual([]);
  });

  it("moderator-30-days: exactly 30 days after becoming a moderator, not a millisecond before", () => {
    const since = NOW - 30 * DAY_MS;
    expect(memberMilestones(member({ moderatorSince: since }))).toEqual(["moderator-30-days"]);
    expect(memberMilestones(member({ moderatorSince: since + 1 }))).toEqual([]);
    expect(memberMilestones(member({ moderatorSince: null }))).toEqual([]);
  });
});

describe("the table", () => {
  it("has unique ids per scope, each with an emoji and a rule in words", () => {
    for (const table of [COMMUNITY_ACHIEVEMENTS, MEMBER_ACHIEVEMENTS]) {
      const ids = table.map((a) => a.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const a of table) expect(a.emoji.length > 0 && a.rule.length > 0).toBe(true);
    }
    expect(achievementOf("member", "founding-member")?.scope).toBe("member");
    expect(achievementOf("community", "founding-member")).toBeUndefined();
  });

  it("is what the lexicon's achievementView lists as known ids", () => {
    const defs = ATRARIUM_LEXICON_DOCS.find((d) => d.id === "net.atrarium.community.defs") as unknown as {
      defs: { achievementView: { properties: { id: { knownValues: string[] } } } };
    };
    const known = defs.defs.achievementView.properties.id.knownValues;
    const ids = [...COMMUNITY_ACHIEVEMENTS, ...MEMBER_ACHIEVEMENTS].map((a) => a.id);
    expect([...known].sort()).toEqual([...new Set(ids)].sort());
  });
});

describe("the docs", () => {
  it("name every milestone of the table (docs/atrarium-api.md, Achievements)", () => {
    const docs = readFileSync(new URL("../../../docs/atrarium-api.md", import.meta.url), "utf8");
    const section = docs.slice(docs.indexOf("## Achievements"), docs.indexOf("## Hashtag claims"));
    for (const a of [...COMMUNITY_ACHIEVEMENTS, ...MEMBER_ACHIEVEMENTS])
      expect(section, `${a.scope} ${a.id}`).toMatch(new RegExp(`\\| ${a.scope} \\|[^\\n]*\`${a.id}\``));
  });
});
