// Which config owns a community hashtag: the one the indexer observed first, by the time the stream
// observed it (the Jetstream event's time_us) or the Worker wrote it. Nothing the claimant writes
// counts (a config's createdAt, rkey or rev are theirs to choose), and a claim is never made by a
// caller's request for a record the caller wrote elsewhere:
// - the stream claims a free hashtag, and takes it from a claim the stream observed later (events
//   reach the queue consumers out of order; a retried event must not lose to a later one);
// - an own write (community.create: the Worker itself wrote the config into the caller's repo and the
//   PDS acknowledged it) is an observation like the stream's, at the moment of the acknowledgement:
//   the Worker saw the record exist then, from its own request rather than the caller's word, and the
//   stream can only observe the same commit later;
// - discovery (a Worker's first look at the network, with no observation of its own) claims a free
//   hashtag only, and its claims are not taken back: what they came before is unknown;
// - a sync hint, a refresh or a rebuild only updates the config that already owns the hashtag.
// A config that owns one hashtag never claims another (an edited hashtag is ignored).

export type ClaimVia =
  | { kind: "stream" | "own-write"; observedUs: number }
  | { kind: "discovery" }
  | { kind: "owner-sync" };

export interface Claim {
  id: string;
  configUri: string;
  // When the stream first observed the config (unix µs); null when it was claimed without one.
  observedUs: number | null;
}

export type ClaimDecision =
  | { owned: false }
  // `observedUs`: what the claim records (the earliest observation known).
  | { owned: true; kind: "kept" | "new"; observedUs: number | null }
  | { owned: true; kind: "displaces"; displaced: Claim; observedUs: number };

// `current`: the claim on the candidate's hashtag; `ofConfig`: the claim the candidate config holds.
export function decideClaim(
  current: Claim | null,
  ofConfig: Claim | null,
  candidate: { id: string; configUri: string },
  via: ClaimVia,
): ClaimDecision {
  if (ofConfig && ofConfig.id !== candidate.id) return { owned: false };
  const seen = via.kind === "stream" || via.kind === "own-write" ? via.observedUs : null;
  if (current?.configUri === candidate.configUri) {
    const earliest =
      current.observedUs !== null && seen !== null ? Math.min(current.observedUs, seen) : current.observedUs;
    return { owned: true, kind: "kept", observedUs: earliest };
  }
  if (current) {
    if (seen !== null && current.observedUs !== null && seen < current.observedUs)
      return { owned: true, kind: "displaces", displaced: current, observedUs: seen };
    return { owned: false };
  }
  if (via.kind === "owner-sync") return { owned: false };
  return { owned: true, kind: "new", observedUs: seen };
}
