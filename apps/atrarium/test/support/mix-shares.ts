// The feed mixes issue 21 names, with the exact number of posts each source serves over the first
// 1,000: the interleaving's unit tests and the Worker's feed tests check the same table.
import type { FeedMixWeights } from "@atrarium/lexicon";

export const SHARES_OVER_1000: readonly (readonly [FeedMixWeights, FeedMixWeights])[] = [
  [
    { own: 100, parent: 0, global: 0 },
    { own: 1000, parent: 0, global: 0 },
  ],
  [
    { own: 80, parent: 15, global: 5 },
    { own: 800, parent: 150, global: 50 },
  ],
  [
    { own: 34, parent: 33, global: 33 },
    { own: 340, parent: 330, global: 330 },
  ],
];
