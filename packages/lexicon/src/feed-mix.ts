// How a community feed interleaves its sources (shared by the Worker, which serves the feed, and the
// dashboard, which previews a mix before the owner saves it): its own posts, its parent's, and the global pool, in
// the config's integer percentages (feedMix). Pure: the sources' next posts come in, the page and
// where each source stands come out, so the same inputs always give the same page.
//
// Each pick goes to the source furthest behind its share of everything served so far (counted over
// all pages: the counts travel in the cursor), ties in the order own, parent, global; over 1,000 posts
// each source is within one post of its exact share. A source that has run dry drops out and the
// others share its place by their weights. A source whose batch ran out while it may have more ends
// the page early (the cursor resumes it), so a page boundary never changes which post comes next.
export type SourceName = "own" | "parent" | "global";
export const SOURCE_NAMES: readonly SourceName[] = ["own", "parent", "global"];

export type Weights = Record<SourceName, number>;
export type Counts = Record<SourceName, number>;

export interface SourceBatch<P> {
  // The source's next posts in its order, each with the position a cursor resumes after it.
  items: { uri: string; pos: P }[];
  // The batch was full: the source may have more after it.
  more: boolean;
}

export interface MixedPage<P> {
  picked: { uri: string; source: SourceName }[];
  // Where each source that moved now stands.
  positions: Partial<Record<SourceName, P>>;
  counts: Counts;
  // Every weighted source is dry: no cursor.
  ended: boolean;
}

// The parent's share goes to the community's own posts when there is no parent to draw from (none,
// missing, not accepted as a child, or the community graduated): it then stands alone.
export function effectiveWeights(mix: Weights, parentUsable: boolean): Weights {
  if (parentUsable) return { ...mix };
  return { own: mix.own + mix.parent, parent: 0, global: mix.global };
}

export function onlyOwn(weights: Weights): boolean {
  return weights.parent === 0 && weights.global === 0;
}

export function interleave<P>(
  weights: Weights,
  startCounts: Counts,
  batches: Partial<Record<SourceName, SourceBatch<P>>>,
  limit: number,
  // Posts not to serve from that source (served elsewhere); their position still advances.
  skip: (source: SourceName, uri: string) => boolean = () => false,
): MixedPage<P> {
  const counts = { ...startCounts };
  const next: Counts = { own: 0, parent: 0, global: 0 };
  const positions: Partial<Record<SourceName, P>> = {};
  const picked: MixedPage<P>["picked"] = [];
  const seen = new Set<string>();
  while (picked.length < limit) {
    const live = SOURCE_NAMES.filter((s) => {
      const batch = batches[s];
      return weights[s] > 0 && batch !== undefined && (next[s] < batch.items.length || batch.more);
    });
    if (live.length === 0) return { picked, positions, counts, ended: true };
    const source = furthestBehind(live, weights, counts);
    const batch = batches[source] as SourceBatch<P>;
    const item = batch.items[next[source]];
    if (item === undefined) break; // batch used up, more may follow: resume from the cursor
    next[source]++;
    positions[source] = item.pos;
    if (seen.has(item.uri) || skip(source, item.uri)) continue;
    seen.add(item.uri);
    counts[source]++;
    picked.push({ uri: item.uri, source });
  }
  return { picked, positions, counts, ended: false };
}

// The source whose served count lags its share of (served + 1) the most, shares taken among the live
// sources; integer arithmetic (share * total - count * weight sum) so no rounding decides.
function furthestBehind(live: SourceName[], weights: Weights, counts: Counts): SourceName {
  const weightSum = live.reduce((sum, s) => sum + weights[s], 0);
  const total = live.reduce((sum, s) => sum + counts[s], 0) + 1;
  let best = live[0] as SourceName;
  let bestLag = Number.NEGATIVE_INFINITY;
  for (const s of live) {
    const lag = weights[s] * total - counts[s] * weightSum;
    if (lag > bestLag) {
      best = s;
      bestLag = lag;
    }
  }
  return best;
}
