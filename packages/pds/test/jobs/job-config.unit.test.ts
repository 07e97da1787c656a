// The scheduled jobs' settings from the environment: defaults, backups only with a directory, and a
// value that is not a positive number refused at start (a zero interval would run a job in a loop, a
// zero to keep would delete every backup).
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configFromEnv } from "../../src/config.ts";

// Both secrets given: nothing is written to the data directory.
const base = { PDS_JWT_SECRET: "s", PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX: "00".repeat(32) };
const at = { dataDir: "/nonexistent/aurora-locus" };

describe("scheduled job configuration", () => {
  it("defaults: hourly cleanups, no scheduled backups", () => {
    const cfg = configFromEnv(base, at);
    expect(cfg.expiredSessionsIntervalMs).toBe(60 * 60_000);
    expect(cfg.deletedAccountsIntervalMs).toBe(60 * 60_000);
    expect(cfg.backupDirectory).toBeUndefined();
    expect(cfg.backupIntervalMs).toBe(24 * 60 * 60_000);
    expect(cfg.backupKeep).toBe(7);
  });

  it("takes the backup directory, a fractional interval in hours and the number to keep", () => {
    const cfg = configFromEnv(
      {
        ...base,
        PDS_BACKUP_DIRECTORY: "backups",
        PDS_BACKUP_INTERVAL_HOURS: "0.5",
        PDS_BACKUP_KEEP: "3",
        PDS_EXPIRED_SESSIONS_INTERVAL_MS: "60000",
      },
      at,
    );
    expect(cfg.backupDirectory).toBe(path.resolve("backups"));
    expect(cfg.backupIntervalMs).toBe(30 * 60_000);
    expect(cfg.backupKeep).toBe(3);
    expect(cfg.expiredSessionsIntervalMs).toBe(60_000);
  });

  it.each([
    ["PDS_BACKUP_INTERVAL_HOURS", "0"],
    ["PDS_BACKUP_KEEP", "-1"],
    ["PDS_EXPIRED_SESSIONS_INTERVAL_MS", "hourly"],
    ["PDS_DELETED_ACCOUNTS_INTERVAL_MS", "0"],
  ])("refuses %s=%s", (name, value) => {
    expect(() => configFromEnv({ ...base, [name]: value }, at)).toThrow(`${name} must be a positive number`);
  });
});
