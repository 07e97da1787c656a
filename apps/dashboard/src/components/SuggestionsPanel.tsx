// For a community's owner and moderators: the Worker's lifecycle suggestions
// (net.atrarium.community.getSuggestions). A theme ready to become a community, with the figures that
// say so and, for the owner, "Promote to community" (net.atrarium.community.update through the Worker,
// which rewrites the config in the owner's own repo: the Worker never changes a stage by itself); a
// community grown past the growth threshold, with a link to start a theme inside it. Each says since
// when the Worker suggests it (suggestedAt: its scheduled sweep records it when it first applies).
import type { CommunityDefsCommunityView, CommunityGetSuggestionsSuggestion } from "@atrarium/lexicon";
import { Link } from "@tanstack/react-router";
import { useI18n } from "../i18n/i18n.tsx";
import { useSuggestions } from "../lib/queries.ts";
import { useCommunityWrite } from "../lib/use-write.ts";
import { updateCommunityConfig } from "../lib/worker-writes.ts";
import { ErrorMessage } from "./Status.tsx";
import { useWorkerWritesReady, WorkerAccessPrompt } from "./WorkerAccessPrompt.tsx";

export function SuggestionsPanel({
  community,
  isOwner,
}: {
  community: CommunityDefsCommunityView;
  isOwner: boolean;
}) {
  const { t } = useI18n();
  const suggestions = useSuggestions(community.id, true);
  const list = suggestions.data?.suggestions ?? [];
  if (list.length === 0) return null;
  return (
    <section className="suggestions" aria-labelledby="suggestions-title" data-testid="suggestions">
      <h2 id="suggestions-title">{t("suggestions.title")}</h2>
      {list.map((s) =>
        s.kind === "promote" ? (
          <PromoteSuggestion key={s.kind} community={community} suggestion={s} isOwner={isOwner} />
        ) : s.kind === "split" ? (
          <SplitSuggestion key={s.kind} community={community} suggestion={s} />
        ) : null,
      )}
    </section>
  );
}

function PromoteSuggestion({
  community,
  suggestion,
  isOwner,
}: {
  community: CommunityDefsCommunityView;
  suggestion: CommunityGetSuggestionsSuggestion;
  isOwner: boolean;
}) {
  const { t } = useI18n();
  const canWrite = useWorkerWritesReady();
  const promote = useCommunityWrite(community.id, (_, api) =>
    updateCommunityConfig(api, { community: community.id, stage: "community" }),
  );
  return (
    <div className="suggestion" data-testid="suggestion-promote">
      <p>
        <strong>{t("suggestions.promote")}</strong>
      </p>
      <SuggestedOn at={suggestion.suggestedAt} />
      <p className="meta">
        {t("suggestions.promoteFigures", {
          members: String(suggestion.members),
          posters: String(suggestion.activePosters ?? 0),
          posts: String(suggestion.postsLast7Days ?? 0),
        })}
      </p>
      {isOwner &&
        (!canWrite ? (
          <WorkerAccessPrompt />
        ) : (
          <>
            {promote.isError && <ErrorMessage error={promote.error} />}
            <button type="button" onClick={() => promote.mutate(undefined)} disabled={promote.isPending}>
              {promote.isPending ? t("suggestions.promoting") : t("suggestions.promoteButton")}
            </button>
          </>
        ))}
    </div>
  );
}

function SplitSuggestion({
  community,
  suggestion,
}: {
  community: CommunityDefsCommunityView;
  suggestion: CommunityGetSuggestionsSuggestion;
}) {
  const { t } = useI18n();
  return (
    <div className="suggestion" data-testid="suggestion-split">
      <p>
        <strong>
          {t("suggestions.split", {
            members: String(suggestion.members),
            threshold: String(suggestion.threshold ?? 0),
          })}
        </strong>
      </p>
      <SuggestedOn at={suggestion.suggestedAt} />
      <p className="meta">{t("suggestions.splitHint")}</p>
      <Link to="/communities/new" search={{ parent: community.id }} className="button">
        {t("suggestions.startTheme")}
      </Link>
    </div>
  );
}

function SuggestedOn({ at }: { at?: string }) {
  const { t, formatDate } = useI18n();
  if (!at) return null;
  return (
    <p className="meta small" data-testid="suggested-at">
      {t("suggestions.suggestedOn", { date: formatDate(at) })}
    </p>
  );
}
