// One budget (points per window, per key) behind a tiny interface, so the in-memory store can be
// replaced by a shared one when the PDS runs as several processes: rate-limiter-flexible's
// RateLimiterRedis takes the same options plus a Redis client (the scale-out issue).
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { LimitStatus, RateLimitSpec } from "./types.ts";

export interface LimiterStore {
  // Spends `points` under `key`; over budget it resolves with exceeded: true (never rejects for that).
  consume(key: string, points: number): Promise<LimitStatus>;
}

export function memoryLimiterStore(spec: RateLimitSpec): LimiterStore {
  const durationSec = Math.floor(spec.durationMs / 1000);
  const limiter = new RateLimiterMemory({ keyPrefix: spec.name, duration: durationSec, points: spec.points });
  const status = (res: RateLimiterRes, exceeded: boolean): LimitStatus => ({
    name: spec.name,
    limit: spec.points,
    durationSec,
    remaining: res.remainingPoints,
    msBeforeNext: res.msBeforeNext,
    exceeded,
  });
  return {
    consume: (key, points) =>
      limiter.consume(key, points).then(
        (res) => status(res, false),
        // The library rejects with a RateLimiterRes when over budget, with an Error otherwise.
        (err: unknown) => {
          if (err instanceof RateLimiterRes) return status(err, true);
          throw err;
        },
      ),
  };
}
