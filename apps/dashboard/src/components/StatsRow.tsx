// The community's counts from the index.
import { useI18n } from "../i18n/i18n.tsx";
import { useStats } from "../lib/queries.ts";

export function StatsRow({ id }: { id: string }) {
  const { t, formatNumber, formatDate } = useI18n();
  const stats = useStats(id);
  if (!stats.data) {
    return (
      <p className="meta" role="status">
        {stats.isError ? t("stats.unavailable") : t("state.loading")}
      </p>
    );
  }
  const s = stats.data;
  const items = [
    [t("stats.members"), formatNumber(s.members)],
    [t("stats.posts24h"), formatNumber(s.posts24h)],
    [t("stats.posts7d"), formatNumber(s.posts7d)],
    [t("stats.hidden"), formatNumber(s.hiddenPosts)],
  ];
  return (
    <dl className="stats" aria-label={t("stats.label")}>
      {items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
      {s.lastActivityAt && (
        <div>
          <dt>{t("stats.lastActivity")}</dt>
          <dd className="small">{formatDate(s.lastActivityAt)}</dd>
        </div>
      )}
    </dl>
  );
}
