// The pure parts of the recorded lifecycle verdict and the sweep: when a status began, and the
// sweep's batch size setting.
import { describe, expect, it } from "vitest";
import { statusEnteredAt } from "../src/lifecycle/lifecycle-marks.ts";
import { NUMBER_DEFAULTS, readSettings } from "../src/settings.ts";

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse("2026-06-01T00:00:00Z");
const T = { inactiveMs: 30 * DAY, archiveMs: 90 * DAY };

describe("statusEnteredAt", () => {
  it("dates inactivity and archival from the last activity, however late they are noticed", () => {
    const last = NOW - 100 * DAY;
    expect(statusEnteredAt("inactive", last, T, NOW)).toBe(last + 30 * DAY);
    expect(statusEnteredAt("archived", last, T, NOW)).toBe(last + 90 * DAY);
  });

  it("dates activity (a first verdict, a revival) at the time it is noticed", () => {
    expect(statusEnteredAt("active", NOW - DAY, T, NOW)).toBe(NOW);
  });

  it("never dates a status in the future (a clock ahead of the last activity's)", () => {
    expect(statusEnteredAt("inactive", NOW, T, NOW - DAY)).toBe(NOW - DAY);
  });
});

describe("LIFECYCLE_SWEEP_BATCH", () => {
  const IDENTITY = {
    SERVICE_DID: "did:web:atrarium.example",
    PUBLIC_URL: "https://atrarium.example",
    JETSTREAM_URL: "wss://jetstream.example/subscribe",
  };

  it("defaults to 25 communities a tick", () => {
    expect(readSettings(IDENTITY).lifecycleSweepBatch).toBe(NUMBER_DEFAULTS.LIFECYCLE_SWEEP_BATCH);
    expect(NUMBER_DEFAULTS.LIFECYCLE_SWEEP_BATCH).toBe(25);
  });

  it("takes a whole number, at least one", () => {
    expect(readSettings({ ...IDENTITY, LIFECYCLE_SWEEP_BATCH: "2" }).lifecycleSweepBatch).toBe(2);
    expect(readSettings({ ...IDENTITY, LIFECYCLE_SWEEP_BATCH: "2.7" }).lifecycleSweepBatch).toBe(2);
    expect(readSettings({ ...IDENTITY, LIFECYCLE_SWEEP_BATCH: "0" }).lifecycleSweepBatch).toBe(1);
  });
});
