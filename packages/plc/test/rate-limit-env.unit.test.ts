// The caps as the process reads them from its environment: upstream's maxima by default, each one
// adjustable, all of them switchable off (a devnet that replays many operations per DID).
import { describe, expect, it } from "vitest";
import { rateLimitsFromEnv } from "../src/server/rate-limit-env.ts";

describe("rateLimitsFromEnv", () => {
  it("defaults to nothing set, so the store applies upstream's 10/30/100", () => {
    expect(rateLimitsFromEnv({})).toEqual({});
  });

  it("reads each maximum, 'off' lifting that one cap", () => {
    expect(
      rateLimitsFromEnv({ PLC_RATE_LIMIT_HOUR: "20", PLC_RATE_LIMIT_DAY: "off", PLC_RATE_LIMIT_WEEK: "500" }),
    ).toEqual({ hour: 20, day: Number.POSITIVE_INFINITY, week: 500 });
  });

  it("PLC_RATE_LIMITS=off switches every cap off", () => {
    expect(rateLimitsFromEnv({ PLC_RATE_LIMITS: "off", PLC_RATE_LIMIT_HOUR: "20" })).toBe(false);
    expect(rateLimitsFromEnv({ PLC_RATE_LIMITS: "on" })).toEqual({});
  });

  it("refuses values that are not a positive integer or 'off', naming the variable", () => {
    for (const value of ["0", "-1", "1.5", "ten", " "]) {
      expect(() => rateLimitsFromEnv({ PLC_RATE_LIMIT_DAY: value })).toThrow(/PLC_RATE_LIMIT_DAY/);
    }
    expect(() => rateLimitsFromEnv({ PLC_RATE_LIMITS: "maybe" })).toThrow(/PLC_RATE_LIMITS/);
  });
});
