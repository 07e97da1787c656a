// PDS_METRICS_TOKEN and PDS_SLOW_REQUEST_MS as the server reads them.
import { describe, expect, it } from "vitest";
import { configFromEnv } from "../../src/config.ts";

// Both secrets given, so reading the config writes nothing to the data directory.
const base = {
  PDS_DATA_DIRECTORY: "/nonexistent/aurora-locus-config-test",
  PDS_JWT_SECRET: "x".repeat(64),
  PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX: "1".repeat(64),
};

describe("observability settings", () => {
  it("no metrics token by default (loopback only), slow requests from 1 s", () => {
    const cfg = configFromEnv(base);
    expect(cfg.metricsToken).toBeUndefined();
    expect(cfg.slowRequestMs).toBe(1000);
    expect(configFromEnv({ ...base, PDS_METRICS_TOKEN: "" }).metricsToken).toBeUndefined();
  });
  it("reads the token and the slow-request threshold", () => {
    const cfg = configFromEnv({ ...base, PDS_METRICS_TOKEN: "s3cret", PDS_SLOW_REQUEST_MS: "250" });
    expect(cfg.metricsToken).toBe("s3cret");
    expect(cfg.slowRequestMs).toBe(250);
  });
});
