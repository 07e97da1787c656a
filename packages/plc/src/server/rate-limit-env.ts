// The per-DID caps as the process reads them from its environment. Unset variables keep upstream's
// maxima (10 an hour, 30 a day, 100 a week); PLC_RATE_LIMITS=off lifts them all, for a devnet that
// replays many operations per DID.
import type { OpsRateLimits } from "../operations/rate-limits.ts";

type Env = Record<string, string | undefined>;

const VARIABLES: readonly (readonly [keyof OpsRateLimits, string])[] = [
  ["hour", "PLC_RATE_LIMIT_HOUR"],
  ["day", "PLC_RATE_LIMIT_DAY"],
  ["week", "PLC_RATE_LIMIT_WEEK"],
];

function maxFromEnv(name: string, value: string): number {
  if (value === "off") return Number.POSITIVE_INFINITY;
  if (/^\d+$/.test(value) && Number(value) > 0 && Number.isSafeInteger(Number(value))) return Number(value);
  throw new Error(`${name} must be a positive integer or "off", got ${JSON.stringify(value)}`);
}

/** The caps' overrides from `env`, or false when PLC_RATE_LIMITS=off switches them off. */
export function rateLimitsFromEnv(env: Env): Partial<OpsRateLimits> | false {
  const all = env.PLC_RATE_LIMITS;
  if (all === "off") return false;
  if (all !== undefined && all !== "" && all !== "on") {
    throw new Error(`PLC_RATE_LIMITS must be "on" or "off", got ${JSON.stringify(all)}`);
  }
  const limits: Partial<OpsRateLimits> = {};
  for (const [window, name] of VARIABLES) {
    const value = env[name];
    if (value !== undefined && value !== "") limits[window] = maxFromEnv(name, value);
  }
  return limits;
}
