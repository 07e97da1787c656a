// The time the PDS decides expiry by (session tokens, refresh-token rows, the blob grace period), in
// ms since the epoch. Injected through createPds's overrides so a test can move it forward instead of
// sleeping.
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
