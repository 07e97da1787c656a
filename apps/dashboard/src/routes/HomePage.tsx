// Every community the Worker has indexed, oldest first.
import { Link } from "@tanstack/react-router";
import { LifecycleBadge } from "../components/LifecycleBadge.tsx";
import { Empty, ErrorMessage, Loading, StageLabel, StaleNotice } from "../components/Status.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import { useCommunities } from "../lib/queries.ts";
import { useSession } from "../lib/session.tsx";

export function HomePage() {
  const { t } = useI18n();
  const { state } = useSession();
  const list = useCommunities();
  const communities = list.data?.pages.flatMap((p) => p.communities) ?? [];
  const stale = list.data?.pages.some((p) => p.stale) ?? false;
  return (
    <section>
      <div className="page-head">
        <h1>{t("home.title")}</h1>
        {state.status === "signed-in" && (
          <Link to="/communities/new" className="button">
            {t("nav.newCommunity")}
          </Link>
        )}
      </div>
      <p className="lead">{t("home.intro")}</p>
      <StaleNotice stale={stale} refreshFailed={list.isRefetchError} />
      {list.isPending ? (
        <Loading />
      ) : list.isError && !list.data ? (
        <ErrorMessage error={list.error} retry={() => list.refetch()} />
      ) : communities.length === 0 ? (
        <Empty>{t("home.empty")}</Empty>
      ) : (
        <ul className="card-list">
          {communities.map((c) => (
            <li key={c.id} className="card">
              <h2>
                <Link to="/communities/$id" params={{ id: c.id }}>
                  {c.name}
                </Link>
              </h2>
              <p className="hashtag">{c.hashtag}</p>
              {c.description && <p>{c.description}</p>}
              <p className="meta">
                <StageLabel stage={c.stage} /> <LifecycleBadge status={c.status} />
              </p>
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <button
          type="button"
          className="button-secondary"
          onClick={() => list.fetchNextPage({ cancelRefetch: false })}
        >
          {t("action.loadMore")}
        </button>
      )}
    </section>
  );
}
