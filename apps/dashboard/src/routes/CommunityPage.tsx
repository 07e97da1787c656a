// One community: header with hashtag, stats, the viewer's standing (join / leave), its place in the
// hierarchy, then tabs for the
// feed, members, moderation (owner and moderators) and settings (owner).
import { Link, useParams, useSearch } from "@tanstack/react-router";
import { CopyButton } from "../components/CopyButton.tsx";
import { FeedTab } from "../components/FeedTab.tsx";
import { Handle } from "../components/Handle.tsx";
import { HierarchyPanel } from "../components/HierarchyPanel.tsx";
import { MembershipBar } from "../components/MembershipBar.tsx";
import { MembersTab } from "../components/MembersTab.tsx";
import { ModerationTab } from "../components/ModerationTab.tsx";
import { SettingsTab } from "../components/SettingsTab.tsx";
import { StatsRow } from "../components/StatsRow.tsx";
import { ErrorMessage, Loading, StageLabel, StaleNotice } from "../components/Status.tsx";
import { type MessageKey, useI18n } from "../i18n/i18n.tsx";
import { useCommunity, useViewer } from "../lib/queries.ts";

export type CommunityTab = "feed" | "members" | "moderation" | "settings";
export const COMMUNITY_TABS: readonly CommunityTab[] = ["feed", "members", "moderation", "settings"];

export function CommunityPage() {
  const { t } = useI18n();
  const { id } = useParams({ from: "/communities/$id" });
  const { tab = "feed" } = useSearch({ from: "/communities/$id" });
  const community = useCommunity(id);
  const viewer = useViewer(id);

  if (community.isPending) return <Loading />;
  if (!community.data) return <ErrorMessage error={community.error} retry={() => community.refetch()} />;

  const c = community.data.community;
  const role = viewer.data?.member ? viewer.data.role : undefined;
  const canModerate = role === "owner" || role === "moderator";
  const tabs = COMMUNITY_TABS.filter(
    (name) => (name !== "moderation" || canModerate) && (name !== "settings" || role === "owner"),
  );
  const current = tabs.includes(tab) ? tab : "feed";
  const tabLabel: Record<CommunityTab, MessageKey> = {
    feed: "tab.feed",
    members: "tab.members",
    moderation: "tab.moderation",
    settings: "tab.settings",
  };

  return (
    <article className="community" aria-labelledby="community-name">
      <header className="community-head">
        <div>
          <h1 id="community-name">{c.name}</h1>
          {c.description && <p className="lead">{c.description}</p>}
          <p className="meta">
            <StageLabel stage={c.stage} /> · {t("community.ownedBy")} <Handle did={c.owner} />
          </p>
        </div>
        <div className="hashtag-row">
          <code className="hashtag big" data-testid="community-hashtag">
            {c.hashtag}
          </code>
          <CopyButton value={c.hashtag} label={t("community.copyHashtag")} />
        </div>
      </header>
      <StaleNotice stale={community.data.stale} refreshFailed={community.isRefetchError} />
      <StatsRow id={id} />
      <MembershipBar community={c} viewer={viewer} />
      <HierarchyPanel community={c} canModerate={canModerate} />
      <nav className="tabs" aria-label={t("tab.label")}>
        {tabs.map((name) => (
          <Link
            key={name}
            to="/communities/$id"
            params={{ id }}
            search={{ tab: name }}
            aria-current={name === current ? "page" : undefined}
          >
            {t(tabLabel[name])}
          </Link>
        ))}
      </nav>
      <section className="tab-panel" aria-label={t(tabLabel[current])}>
        {current === "feed" && <FeedTab community={c} viewer={viewer.data} canModerate={canModerate} />}
        {current === "members" && <MembersTab community={c} canModerate={canModerate} />}
        {current === "moderation" && <ModerationTab community={c} />}
        {current === "settings" && <SettingsTab community={c} />}
      </section>
    </article>
  );
}
