// Body size limits come from the environment; a value that is not a byte count must not silently turn
// a limit off (every size compares false with NaN), so the configuration refuses it.
import { describe, expect, it } from "vitest";
import { configFromEnv } from "../src/config.ts";

// Both secrets given: nothing is written to the data directory.
const base = { PDS_JWT_SECRET: "s", PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX: "00".repeat(32) };

describe("body limit configuration", () => {
  it("defaults to the official PDS's limits", () => {
    const cfg = configFromEnv(base, { dataDir: "/nonexistent/aurora-locus" });
    expect(cfg.maxJsonBodyBytes).toBe(150 * 1024);
    expect(cfg.maxTextBodyBytes).toBe(100 * 1024);
    expect(cfg.maxRecordBodyBytes).toBe(1024 * 1024);
    expect(cfg.blobUploadLimit).toBe(5 * 1024 * 1024);
  });

  it("takes byte counts from the environment", () => {
    const cfg = configFromEnv(
      { ...base, PDS_MAX_JSON_BODY_BYTES: "2048", PDS_MAX_RECORD_BODY_BYTES: "4096" },
      { dataDir: "/nonexistent/aurora-locus" },
    );
    expect(cfg.maxJsonBodyBytes).toBe(2048);
    expect(cfg.maxRecordBodyBytes).toBe(4096);
  });

  it.each([
    ["PDS_MAX_JSON_BODY_BYTES", "150kb"],
    ["PDS_MAX_TEXT_BODY_BYTES", "-1"],
    ["PDS_MAX_RECORD_BODY_BYTES", "0"],
    ["PDS_BLOB_UPLOAD_LIMIT", "lots"],
    ["PDS_MAX_REPO_IMPORT_SIZE", "1e9"],
  ])("refuses %s=%s", (name, value) => {
    expect(() => configFromEnv({ ...base, [name]: value }, { dataDir: "/nonexistent/aurora-locus" })).toThrow(
      new RegExp(`${name} must be a positive number of bytes`),
    );
  });
});
