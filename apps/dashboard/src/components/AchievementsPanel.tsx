// The community page's milestones (getAchievements) and, for a signed-in member, their own badges in
// this community: "Your badges".
import { useI18n } from "../i18n/i18n.tsx";
import { useAchievements } from "../lib/queries.ts";
import { BadgeList } from "./Badges.tsx";

export function AchievementsPanel({ id, viewerDid }: { id: string; viewerDid?: string }) {
  const { t } = useI18n();
  const achievements = useAchievements(id, viewerDid);
  const data = achievements.data;
  if (!data) return null;
  const mine = data.members?.[0]?.achievements ?? [];
  if (data.community.length === 0 && !viewerDid) return null;
  return (
    <section className="achievements" aria-label={t("achievement.label")} data-testid="achievements">
      {data.community.length > 0 && (
        <p className="meta">
          {t("achievement.milestones")} <BadgeList items={data.community} />
        </p>
      )}
      {viewerDid && (
        <p className="meta" data-testid="your-badges">
          {t("achievement.yours")} <BadgeList items={mine} empty={t("achievement.noneYet")} />
        </p>
      )}
    </section>
  );
}
