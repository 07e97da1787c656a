// When the PDS may tell a crawler again: after a success, one interval later; after failures, a
// backoff that doubles from a second and never exceeds the interval.
import { describe, expect, it } from "vitest";
import { afterFailure, afterSuccess } from "../src/sequencer/crawlers.ts";

const INTERVAL = 20 * 60 * 1000;

describe("crawl schedule", () => {
  it("waits one interval after a success", () => {
    expect(afterSuccess(1_000, INTERVAL)).toEqual({ nextAt: 1_000 + INTERVAL, failures: 0 });
  });

  it("backs off after failures, doubling up to the interval, and resets on success", () => {
    let schedule = { nextAt: 0, failures: 0 };
    const delays: number[] = [];
    for (let i = 0; i < 14; i++) {
      schedule = afterFailure(schedule, 0, INTERVAL);
      delays.push(schedule.nextAt);
    }
    expect(delays.slice(0, 4)).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(Math.max(...delays)).toBe(INTERVAL);
    expect(afterFailure({ nextAt: 0, failures: 3 }, 0, 5_000).nextAt).toBe(5_000);
    expect(afterSuccess(10, INTERVAL).failures).toBe(0);
  });
});
