// What a method declares about its rate limits (xrpc/method.ts `rateLimits`), as the official PDS's
// `rateLimit` arrays: a budget of points per window, counted under a key taken from the request.

// "ip": the client address (rate-limit/client-ip.ts); "did": the signed-in account; "identifier+ip": the
// login name a createSession body names, with the address (guessing one account from one place).
export type RateLimitKey = "ip" | "did" | "identifier+ip";

export interface RateLimitSpec {
  // Specs with one name share one budget (the repo writes of createRecord, putRecord, deleteRecord and
  // applyWrites); the name is also the `limit` label of pds_rate_limit_hits_total.
  name: string;
  durationMs: number;
  points: number;
  key: RateLimitKey;
  // Points one call costs, from its validated input (1 if absent; below 1: not counted).
  cost?: (input: unknown) => number;
}

// Where a limiter stands after a call: what the RateLimit-* headers say.
export interface LimitStatus {
  name: string;
  limit: number;
  durationSec: number;
  remaining: number;
  msBeforeNext: number;
  exceeded: boolean;
}

// What a key is computed from.
export interface RateLimitSubject {
  ip: string;
  did?: string;
  input?: unknown;
}
