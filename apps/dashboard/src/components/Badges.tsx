// Achievements as badges: a small pill per milestone (its emoji and label), the rule and, when known,
// the date in its tooltip. Ids come from the Worker (memberView.achievements, getAchievements); the
// table they name is @atrarium/lexicon's, so an id without a label here does not compile. An id the
// table does not know (a newer Worker) is left out.
import {
  COMMUNITY_ACHIEVEMENTS,
  type CommunityAchievementId,
  type CommunityDefsAchievementView,
  MEMBER_ACHIEVEMENTS,
  type MemberAchievementId,
} from "@atrarium/lexicon";
import { type MessageKey, useI18n } from "../i18n/i18n.tsx";

type Scope = "community" | "member";

const communityKey = (id: CommunityAchievementId): MessageKey => `achievement.community.${id}`;
const memberKey = (id: MemberAchievementId): MessageKey => `achievement.member.${id}`;

function entryOf(scope: Scope, id: string) {
  if (scope === "community") {
    const a = COMMUNITY_ACHIEVEMENTS.find((e) => e.id === id);
    return a && { emoji: a.emoji, label: communityKey(a.id) };
  }
  const a = MEMBER_ACHIEVEMENTS.find((e) => e.id === id);
  return a && { emoji: a.emoji, label: memberKey(a.id) };
}

export function Badge({ scope, id, achievedAt }: { scope: Scope; id: string; achievedAt?: string }) {
  const { t, formatDate } = useI18n();
  const entry = entryOf(scope, id);
  if (!entry) return null;
  const label = t(entry.label);
  const title = achievedAt ? `${label} · ${t("achievement.since", { date: formatDate(achievedAt) })}` : label;
  return (
    <span className="badge badge-achievement" title={title} data-achievement={id}>
      <span aria-hidden="true">{entry.emoji}</span> {label}
    </span>
  );
}

// Badges from ids only (the member list): no dates.
export function BadgeIds({ scope, ids }: { scope: Scope; ids?: string[] }) {
  if (!ids || ids.length === 0) return null;
  return (
    <span className="badges" data-testid="badges">
      {ids.map((id) => (
        <Badge key={id} scope={scope} id={id} />
      ))}
    </span>
  );
}

// Dated badges (getAchievements), oldest first as the Worker lists them.
export function BadgeList({ items, empty }: { items: CommunityDefsAchievementView[]; empty?: string }) {
  // A span: the list sits inside a sentence ("Your badges: …").
  if (items.length === 0) return empty ? <span className="hint">{empty}</span> : null;
  return (
    <span className="badges" data-testid="badges">
      {items.map((a) => (
        <Badge
          key={`${a.scope}:${a.id}`}
          scope={a.scope === "community" ? "community" : "member"}
          id={a.id}
          achievedAt={a.achievedAt}
        />
      ))}
    </span>
  );
}
