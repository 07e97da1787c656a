// A community's lifecycle status as the Worker reports it (communityView.status): nothing while it is
// active, a badge once nobody has posted for a while (inactive) or for much longer (archived: left out
// of the community list, still reachable by its link). Staff also see since when (getSuggestions'
// statusSince, which the Worker records: lifecycle sweep).
import { useI18n } from "../i18n/i18n.tsx";
import { useSuggestions } from "../lib/queries.ts";

export function LifecycleBadge({ status, since }: { status?: string; since?: string }) {
  const { t, formatDate } = useI18n();
  if (status !== "inactive" && status !== "archived") return null;
  return (
    <span
      className={`badge lifecycle-${status}`}
      data-testid="lifecycle-status"
      title={t(`lifecycle.${status}Hint`)}
    >
      {since ? t(`lifecycle.${status}Since`, { date: formatDate(since) }) : t(`lifecycle.${status}`)}
    </span>
  );
}

// On a community's page: for its owner and moderators, with the date the status began.
export function CommunityLifecycleBadge({
  id,
  status,
  staff,
}: {
  id: string;
  status?: string;
  staff: boolean;
}) {
  const suggestions = useSuggestions(id, staff && (status === "inactive" || status === "archived"));
  const since = suggestions.data?.status === status ? suggestions.data?.statusSince : undefined;
  return <LifecycleBadge status={status} since={since} />;
}
