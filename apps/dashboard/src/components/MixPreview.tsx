// The first posts a feed mix serves, as the Worker will order them (interleave from @atrarium/lexicon,
// with every source assumed to have posts enough), and how many of every 100 come from each source.
import {
  FEED_MIX_SOURCES,
  type FeedMixSource,
  type FeedMixWeights,
  interleave,
  type SourceBatch,
} from "@atrarium/lexicon";
import { useMemo } from "react";
import { type MessageKey, useI18n } from "../i18n/i18n.tsx";

const SLOTS = 20;

function previewOrder(mix: FeedMixWeights, slots: number): FeedMixSource[] {
  const plenty = (source: FeedMixSource): SourceBatch<number> => ({
    items: Array.from({ length: slots }, (_, i) => ({ uri: `${source}/${i}`, pos: i })),
    more: true,
  });
  const page = interleave(
    mix,
    { own: 0, parent: 0, global: 0 },
    { own: plenty("own"), parent: plenty("parent"), global: plenty("global") },
    slots,
  );
  return page.picked.map((p) => p.source);
}

export function MixPreview({
  mix,
  labels,
}: {
  mix: FeedMixWeights;
  labels: Record<FeedMixSource, MessageKey>;
}) {
  const { t } = useI18n();
  const order = useMemo(() => previewOrder(mix, SLOTS), [mix]);
  return (
    <figure className="mix-preview" data-testid="mix-preview">
      <ol className="mix-slots" aria-label={t("mix.previewLabel", { n: String(SLOTS) })}>
        {order.map((source, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the slot's position is its identity
          <li key={i} className={`mix-slot mix-${source}`} title={t(labels[source])} data-source={source} />
        ))}
      </ol>
      <figcaption>
        {FEED_MIX_SOURCES.filter((s) => mix[s] > 0)
          .map((s) => t("mix.perHundred", { n: String(mix[s]), source: t(labels[s]) }))
          .join(" · ")}
      </figcaption>
    </figure>
  );
}
