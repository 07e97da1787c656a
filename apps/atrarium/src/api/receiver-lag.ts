// The stream side of staleness: the receiver has been disconnected for more than STALE_SECONDS, or
// the last event it received was already older than that when it arrived. Jetstream sends no
// heartbeats, so a quiet network is not lag: a backlog being replayed keeps events coming, so once
// nothing has arrived for STALE_SECONDS after an old event, the receiver has caught up.
export function receiverIsBehind(
  s: { disconnectedForMs: number; lastEventLagMs: number; lastEventAgeMs: number | null },
  staleSeconds: number,
): boolean {
  const limit = staleSeconds * 1000;
  const catchingUp = s.lastEventLagMs > limit && s.lastEventAgeMs !== null && s.lastEventAgeMs <= limit;
  return s.disconnectedForMs > limit || catchingUp;
}
