// The order discovery claims the configs it found in: never by anything the configs' authors wrote
// (a createdAt of 1970 is one keystroke away). Configs the registry already holds come first, by when
// the stream observed them (a claim recorded without an observation before all); the rest keep the
// order the relay listed them in, since a Worker with no observation of its own has nothing better.
export function discoveryOrder<T extends { uri: string }>(
  found: T[],
  observedUs: Record<string, number | null>,
): T[] {
  const rank = (uri: string) =>
    uri in observedUs ? (observedUs[uri] ?? Number.NEGATIVE_INFINITY) : Number.POSITIVE_INFINITY;
  return found
    .map((item, i) => ({ item, i, at: rank(item.uri) }))
    .sort((a, b) => (a.at === b.at ? a.i - b.i : a.at < b.at ? -1 : 1))
    .map((x) => x.item);
}
