// For the owner: how the community's feed blends its own posts, its parent's and the global pool's,
// as three percentages that must add up to 100, with a live preview of the order the feed will serve
// them in (the same interleaving the Worker uses) before anything is saved. Saved through the Worker
// (net.atrarium.community.update), which rewrites the config record in the owner's own repo.
import {
  type CommunityDefsCommunityView,
  effectiveWeights,
  FEED_MIX_SOURCES,
  type FeedMixSource,
  type FeedMixWeights,
} from "@atrarium/lexicon";
import { type FormEvent, useState } from "react";
import { type MessageKey, useI18n } from "../i18n/i18n.tsx";
import { useCommunityWrite } from "../lib/use-write.ts";
import { updateCommunityConfig } from "../lib/worker-writes.ts";
import { MixPreview } from "./MixPreview.tsx";
import { ErrorMessage } from "./Status.tsx";
import { useWorkerWritesReady, WorkerAccessPrompt } from "./WorkerAccessPrompt.tsx";

const LABEL: Record<FeedMixSource, MessageKey> = {
  own: "mix.own",
  parent: "mix.parent",
  global: "mix.global",
};

export function FeedMixEditor({ community }: { community: CommunityDefsCommunityView }) {
  const { t } = useI18n();
  const canWrite = useWorkerWritesReady();
  const [mix, setMix] = useState<FeedMixWeights>({ ...community.feedMix });
  const total = mix.own + mix.parent + mix.global;
  const drawsOnParent = community.parentCommunity !== undefined && community.stage !== "graduated";
  const save = useCommunityWrite(community.id, (_, api, feedMix: FeedMixWeights) =>
    updateCommunityConfig(api, { community: community.id, feedMix }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(mix);
  };
  const set = (source: FeedMixSource, value: string) => {
    const n = Math.max(0, Math.min(100, Math.round(Number(value) || 0)));
    setMix((m) => ({ ...m, [source]: n }));
  };

  return (
    <>
      <h2>{t("mix.title")}</h2>
      <p>{t("mix.intro")}</p>
      {!drawsOnParent && <p className="hint">{t("mix.noParent")}</p>}
      {!canWrite ? (
        <WorkerAccessPrompt />
      ) : (
        <form className="form mix-form" onSubmit={submit} data-testid="feed-mix">
          <div className="mix-inputs">
            {FEED_MIX_SOURCES.map((source) => (
              <label key={source}>
                {t(LABEL[source])}
                <input
                  type="number"
                  name={`mix-${source}`}
                  min={0}
                  max={100}
                  step={1}
                  value={mix[source]}
                  onChange={(e) => set(source, e.target.value)}
                />
              </label>
            ))}
          </div>
          {total === 100 ? (
            // As the Worker serves it: without a parent to draw on (none, or graduated) the parent's
            // share is the community's own.
            <MixPreview mix={effectiveWeights(mix, drawsOnParent)} labels={LABEL} />
          ) : (
            <p className="notice notice-error" role="alert">
              {t("mix.mustTotal", { total: String(total) })}
            </p>
          )}
          {save.isError && <ErrorMessage error={save.error} />}
          {save.isSuccess && (
            <p className="notice notice-success" role="status">
              {t("settings.saved")}
            </p>
          )}
          <button type="submit" disabled={save.isPending || total !== 100}>
            {save.isPending ? t("settings.saving") : t("mix.save")}
          </button>
        </form>
      )}
    </>
  );
}
