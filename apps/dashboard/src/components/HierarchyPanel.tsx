// Where a community sits in the hierarchy: the parent chain (links up), its lineage once graduated
// ("Grew out of", the parent it came from though no longer part of it), why it stands alone when its
// parent link does not hold, the themes that came from it (links down), and for its owner and
// moderators a way to start a new theme inside it.
import type { CommunityDefsCommunityView } from "@atrarium/lexicon";
import { Link } from "@tanstack/react-router";
import { type MessageKey, useI18n } from "../i18n/i18n.tsx";
import { useHierarchy } from "../lib/queries.ts";
import { StageLabel } from "./Status.tsx";

const STATUS_NOTE: Record<string, MessageKey | undefined> = {
  detached: "hierarchy.detached",
  missing: "hierarchy.missing",
  unverified: "hierarchy.unverified",
};

export function HierarchyPanel({
  community,
  canModerate,
}: {
  community: CommunityDefsCommunityView;
  canModerate: boolean;
}) {
  const { t } = useI18n();
  const hierarchy = useHierarchy(community.id);
  const data = hierarchy.data;
  if (!data) return null;
  const note = STATUS_NOTE[data.parentStatus];
  if (data.ancestors.length === 0 && data.children.length === 0 && !note && !canModerate) return null;
  return (
    <section className="hierarchy" aria-label={t("hierarchy.label")} data-testid="hierarchy">
      {data.ancestors.length > 0 && (
        <p className="meta">
          {t(data.parentStatus === "detached" ? "hierarchy.grewOutOf" : "hierarchy.partOf")}{" "}
          {[...data.ancestors].reverse().map((a, i) => (
            <span key={a.id}>
              {i > 0 && " › "}
              <Link to="/communities/$id" params={{ id: a.id }}>
                {a.name}
              </Link>
            </span>
          ))}
        </p>
      )}
      {note && <p className="hint">{t(note)}</p>}
      {data.children.length > 0 && (
        <>
          <h2>{t("hierarchy.themesFromHere")}</h2>
          <ul className="theme-list">
            {data.children.map((child) => (
              <li key={child.id}>
                <Link to="/communities/$id" params={{ id: child.id }}>
                  {child.name}
                </Link>{" "}
                <StageLabel stage={child.stage} />
              </li>
            ))}
          </ul>
        </>
      )}
      {canModerate && (
        <Link
          to="/communities/new"
          search={{ parent: community.id }}
          className="button"
          data-testid="start-theme"
        >
          {t("hierarchy.startTheme")}
        </Link>
      )}
    </section>
  );
}
