// Counters of one upstream firehose, exposed on /stats: every event that is not forwarded is counted
// under a reason, never silently skipped.
export interface UpstreamStats {
  upstream: string;
  // True once a frame arrived on the current connection, false after it failed.
  connected: boolean;
  cursor: number | null;
  received: number;
  eventsStored: number;
  commitsRejected: number;
  // Commits whose frame `rev` (unsigned) differed from the signed commit's; emitted with the signed one.
  revForged: number;
  // Commits dropped because their signed rev was not past the last accepted rev of the repo: replays.
  revNotIncreasing: number;
  // Events dropped because the DID's document names another PDS than this upstream.
  wrongHost: number;
  syncSkipped: number;
  invalidSkipped: number;
  opsUnverified: number;
  transientRetries: number;
  reconnects: number;
}

export function emptyStats(upstream: string): UpstreamStats {
  return {
    upstream,
    connected: false,
    cursor: null,
    received: 0,
    eventsStored: 0,
    commitsRejected: 0,
    revForged: 0,
    revNotIncreasing: 0,
    wrongHost: 0,
    syncSkipped: 0,
    invalidSkipped: 0,
    opsUnverified: 0,
    transientRetries: 0,
    reconnects: 0,
  };
}
