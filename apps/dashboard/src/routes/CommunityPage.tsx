// One community: header with hashtag, stats, the viewer's standing (join / leave), its place in the
// hierarchy, then tabs for the
// feed, members, moderation (owner and moderators) and settings (owner).
import { Link, useParams, useSearch } from "@tanstack/react-router";
import { AchievementsPanel } from "../components/AchievementsPanel.tsx";
import { CopyButton } from "../components/CopyButton.tsx";
import { EmojiTab } from "../components/EmojiTab.tsx";
import { FeedTab } from "../components/FeedTab.tsx";
import { Handle } from "../components/Handle.tsx";
import { HierarchyPanel } from "../components/HierarchyPanel.tsx";
import { CommunityLifecycleBadge } from "../components/LifecycleBadge.tsx";
import { MembershipBar } from "../components/MembershipBar.tsx";
import { MembersTab } from "../components/MembersTab.tsx";
import { ModerationTab } from "../components/ModerationTab.tsx";
import { TransferOfferBanner } from "../components/OwnerTransfer.tsx";
import { SettingsTab } from "../components/SettingsTab.tsx";
import { StatsRow } from "../components/StatsRow.tsx";
import { ErrorMessage, Loading, StageLabel, StaleNotice } from "../components/Status.tsx";
import { SuggestionsPanel } from "../components/SuggestionsPanel.tsx";
import { type MessageKey, useI18n } from "../i18n/i18n.tsx";
import { useCommunity, useViewer } from "../lib/queries.ts";
import { useSession } from "../lib/session.tsx";

export type CommunityTab = "feed" | "members" | "emoji" | "moderation" | "settings";
export const COMMUNITY_TABS: readonly CommunityTab[] = ["feed", "members", "emoji", "moderation", "settings"];

export function CommunityPage() {
  const { t } = useI18n();
  const { id } = useParams({ from: "/communities/$id" });
  const { tab = "feed" } = useSearch({ from: "/communities/$id" });
  const community = useCommunity(id);
  const viewer = useViewer(id);
  const { state: session } = useSession();

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
    emoji: "tab.emoji",
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
            <StageLabel stage={c.stage} />{" "}
            <CommunityLifecycleBadge id={id} status={c.status} staff={canModerate} /> ·{" "}
            {t("community.ownedBy")} <Handle did={c.owner} />
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
      <AchievementsPanel
        id={id}
        viewerDid={role && session.status === "signed-in" ? session.did : undefined}
      />
      <MembershipBar community={c} viewer={viewer} />
      <TransferOfferBanner community={c} offer={viewer.data?.transferOffer} />
      <HierarchyPanel community={c} canModerate={canModerate} />
      {canModerate && <SuggestionsPanel community={c} isOwner={role === "owner"} />}
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
        {current === "emoji" && (
          <EmojiTab
            community={c}
            canPropose={Boolean(viewer.data?.member && !viewer.data.blocked)}
            canModerate={canModerate}
          />
        )}
        {current === "moderation" && <ModerationTab community={c} />}
        {current === "settings" && <SettingsTab community={c} />}
      </section>
    </article>
  );
}
