// The lifecycle rules as a pure function: figures + thresholds + now -> status and suggestions.
import { describe, expect, it } from "vitest";
import {
  evaluateLifecycle,
  type LifecycleFigures,
  type LifecycleThresholds,
  statusAt,
} from "../src/lifecycle/lifecycle-rules.ts";
import { NUMBER_DEFAULTS, readSettings } from "../src/settings.ts";

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse("2026-06-01T00:00:00Z");

const thresholds: LifecycleThresholds = {
  promoteMembers: 10,
  promoteActivePosters: 5,
  activeWindowMs: 7 * DAY,
  promoteWeeklyPosts: 20,
  growthWarningMembers: 200,
  inactiveMs: 30 * DAY,
  archiveMs: 90 * DAY,
};

const busyTheme: LifecycleFigures = {
  stage: "theme",
  members: 10,
  activePosters: 5,
  postsLast7Days: 20,
  lastActivityMs: NOW - DAY,
};

describe("promotion", () => {
  it("suggests promoting a theme that meets every threshold, with its figures", () => {
    expect(evaluateLifecycle(busyTheme, thresholds, NOW)).toEqual({
      status: "active",
      suggestions: [{ kind: "promote", members: 10, activePosters: 5, postsLast7Days: 20 }],
    });
  });

  it.each([
    ["members", { members: 9 }],
    ["active posters", { activePosters: 4 }],
    ["weekly posts", { postsLast7Days: 19 }],
  ])("does not suggest it when %s fall short", (_, short) => {
    expect(evaluateLifecycle({ ...busyTheme, ...short }, thresholds, NOW).suggestions).toEqual([]);
  });

  it("does not suggest it once the owner promoted (stage community) or for a graduated one", () => {
    for (const stage of ["community", "graduated"])
      expect(evaluateLifecycle({ ...busyTheme, stage }, thresholds, NOW).suggestions).toEqual([]);
  });

  it("does not suggest it for an inactive theme", () => {
    const idle = { ...busyTheme, lastActivityMs: NOW - 31 * DAY };
    expect(evaluateLifecycle(idle, thresholds, NOW)).toEqual({ status: "inactive", suggestions: [] });
  });
});

describe("growth warning", () => {
  const big: LifecycleFigures = { ...busyTheme, stage: "community", members: 201 };

  it("suggests splitting a community above the growth threshold", () => {
    expect(evaluateLifecycle(big, thresholds, NOW).suggestions).toEqual([
      { kind: "split", members: 201, threshold: 200 },
    ]);
    expect(evaluateLifecycle({ ...big, stage: "graduated" }, thresholds, NOW).suggestions).toEqual([
      { kind: "split", members: 201, threshold: 200 },
    ]);
  });

  it("does not warn at the threshold itself, nor for a theme (it is due for promotion first)", () => {
    expect(evaluateLifecycle({ ...big, members: 200 }, thresholds, NOW).suggestions).toEqual([]);
    expect(evaluateLifecycle({ ...big, stage: "theme" }, thresholds, NOW).suggestions).toEqual([
      { kind: "promote", members: 201, activePosters: 5, postsLast7Days: 20 },
    ]);
  });
});

describe("status", () => {
  it("is active until the inactive period has passed since the last activity, then inactive, then archived", () => {
    const last = NOW - 10 * DAY;
    expect(statusAt(last, thresholds, last + 30 * DAY - 1)).toBe("active");
    expect(statusAt(last, thresholds, last + 30 * DAY)).toBe("inactive");
    expect(statusAt(last, thresholds, last + 90 * DAY - 1)).toBe("inactive");
    expect(statusAt(last, thresholds, last + 90 * DAY)).toBe("archived");
  });

  it("takes fractional windows (tests run with seconds)", () => {
    const tiny = { ...thresholds, inactiveMs: 2000, archiveMs: 4000 };
    expect(statusAt(NOW, tiny, NOW + 1999)).toBe("active");
    expect(statusAt(NOW, tiny, NOW + 2000)).toBe("inactive");
    expect(statusAt(NOW, tiny, NOW + 4000)).toBe("archived");
  });
});

describe("settings", () => {
  const IDENTITY = {
    SERVICE_DID: "did:web:atrarium.example",
    PUBLIC_URL: "https://atrarium.example",
    JETSTREAM_URL: "wss://jetstream.example/subscribe",
  };

  it("reads the thresholds, with days as fractions", () => {
    const s = readSettings({
      ...IDENTITY,
      LIFECYCLE_PROMOTE_MEMBERS: "2",
      LIFECYCLE_INACTIVE_DAYS: "0.5",
      LIFECYCLE_ARCHIVE_DAYS: "0.0001",
    });
    expect(s.lifecycle).toEqual({
      promoteMembers: 2,
      promoteActivePosters: NUMBER_DEFAULTS.LIFECYCLE_PROMOTE_ACTIVE_POSTERS,
      activeWindowMs: NUMBER_DEFAULTS.LIFECYCLE_ACTIVE_WINDOW_DAYS * DAY,
      promoteWeeklyPosts: NUMBER_DEFAULTS.LIFECYCLE_PROMOTE_WEEKLY_POSTS,
      growthWarningMembers: 200,
      inactiveMs: DAY / 2,
      archiveMs: 0.0001 * DAY,
    });
  });
});
