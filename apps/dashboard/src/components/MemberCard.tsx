// A member's profile card in one community, shown when their row in the member list is picked: handle,
// role, join date and their badges with the dates they were reached (getAchievements for that DID).
import type { CommunityDefsMemberView } from "@atrarium/lexicon";
import { useI18n } from "../i18n/i18n.tsx";
import { useAchievements } from "../lib/queries.ts";
import { BadgeList } from "./Badges.tsx";
import { Handle } from "./Handle.tsx";
import { Loading } from "./Status.tsx";

export function MemberCard({
  communityId,
  member,
  roleLabel,
  onClose,
}: {
  communityId: string;
  member: CommunityDefsMemberView;
  roleLabel: string;
  onClose: () => void;
}) {
  const { t, formatDate } = useI18n();
  const achievements = useAchievements(communityId, member.did);
  const items = achievements.data?.members?.[0]?.achievements;
  return (
    <aside className="member-card" aria-label={t("achievement.card")} data-testid="member-card">
      <p>
        <strong>
          <Handle did={member.did} />
        </strong>{" "}
        · {roleLabel}
        {member.joinedAt && ` · ${t("members.joined")} ${formatDate(member.joinedAt)}`}
      </p>
      {items ? <BadgeList items={items} empty={t("achievement.noneYet")} /> : <Loading />}
      <button type="button" className="button-secondary button-small" onClick={onClose}>
        {t("achievement.close")}
      </button>
    </aside>
  );
}
