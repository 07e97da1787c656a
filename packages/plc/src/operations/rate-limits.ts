// Per-DID caps on operations, as the public directory enforces them (did-method-plc's
// server/constraints.ts: 10 an hour, 30 a day, 100 a week, refused with 400 and the same message), so
// one DID cannot flood the directory, its /export and everyone who mirrors it. Only live operations
// count, and recoveries are never capped (the store skips the check for them): whoever holds a
// lower-priority key must not be able to use up the caps and so block a recovery within its 72 hours.
import { PlcOperationError } from "./errors.ts";

/** The most operations one DID may have within each window; Infinity lifts that cap. */
export interface OpsRateLimits {
  hour: number;
  day: number;
  week: number;
}

export const DEFAULT_OPS_RATE_LIMITS: OpsRateLimits = { hour: 10, day: 30, week: 100 };

const HOUR_MS = 3_600_000;
const WINDOWS: readonly (readonly [keyof OpsRateLimits, number])[] = [
  ["hour", HOUR_MS],
  ["day", 24 * HOUR_MS],
  ["week", 7 * 24 * HOUR_MS],
];

/** Upstream's caps overridden by `overrides`, or null when `false` switches them all off. */
export function resolveOpsRateLimits(overrides: Partial<OpsRateLimits> | false = {}): OpsRateLimits | null {
  if (overrides === false) return null;
  const limits = { ...DEFAULT_OPS_RATE_LIMITS, ...overrides };
  for (const [name] of WINDOWS) {
    const max = limits[name];
    if (max !== Number.POSITIVE_INFINITY && !(Number.isSafeInteger(max) && max > 0)) {
      throw new RangeError(`Rate limit per ${name} must be a positive integer or Infinity, got ${max}`);
    }
  }
  return limits;
}

/**
 * Throws a PlcOperationError ("rate-limited") unless one more operation accepted at `at` stays within
 * `limits`. `countSince(t)` is the number of the DID's live operations created after `t`.
 */
export function assureWithinOpsRateLimits(
  limits: OpsRateLimits,
  at: Date,
  countSince: (since: Date) => number,
): void {
  for (const [name, windowMs] of WINDOWS) {
    const max = limits[name];
    if (max === Number.POSITIVE_INFINITY) continue;
    if (countSince(new Date(at.getTime() - windowMs)) >= max) {
      throw new PlcOperationError("rate-limited", `Too many operations within last ${name} (max ${max})`);
    }
  }
}
