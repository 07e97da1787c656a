// The Worker's vars, read once with the one table of defaults (src/settings.ts).
import { describe, expect, it } from "vitest";
import { NUMBER_DEFAULTS, readSettings, SettingsError } from "../src/settings.ts";

const IDENTITY = {
  SERVICE_DID: "did:web:atrarium.example",
  PUBLIC_URL: "https://atrarium.example",
  JETSTREAM_URL: "wss://jetstream.example",
};

describe("readSettings", () => {
  it("takes every default from the table when only the identity is set", () => {
    const warnings: string[] = [];
    const s = readSettings(IDENTITY, (m) => warnings.push(m));
    expect(s).toMatchObject({
      serviceDid: IDENTITY.SERVICE_DID,
      relayUrl: "https://jetstream.example",
      plcUrl: "https://plc.directory",
      startCursor: "now",
      allowedOrigins: "*",
      retentionMs: NUMBER_DEFAULTS.RETENTION_SECONDS * 1000,
      reconnectRewindUs: 5_000_000,
      staleSeconds: 60,
      refreshMs: 300_000,
      syncRetryMaxSeconds: 300,
      budgets: {
        API: { limit: 1000, windowMs: 3_600_000 },
        API_IP: { limit: 10_000, windowMs: 3_600_000 },
        REBUILD: { limit: 60, windowMs: 3_600_000 },
        FEED: { limit: 100, windowMs: 3_600_000 },
      },
      metricsToken: null,
      validateOutputs: false,
    });
    expect(warnings).toEqual([]);
  });

  it("takes set vars, and the default (with a warning) for a number that is not one", () => {
    const warnings: string[] = [];
    const s = readSettings(
      {
        ...IDENTITY,
        RETENTION_SECONDS: "3",
        RECONNECT_REWIND_SECONDS: "0",
        API_RATE_LIMIT: "lots",
        STALE_SECONDS: "",
        RELAY_URL: "http://127.0.0.1:6008/some/path",
        PLC_URL: "http://127.0.0.1:2582/",
        START_CURSOR: "1700000000000000",
        ALLOWED_ORIGINS: "https://a.example, https://b.example",
        METRICS_TOKEN: "",
        VALIDATE_OUTPUTS: "true",
      },
      (m) => warnings.push(m),
    );
    expect(s).toMatchObject({
      retentionMs: 3000,
      reconnectRewindUs: 0,
      staleSeconds: 60,
      relayUrl: "http://127.0.0.1:6008",
      plcUrl: "http://127.0.0.1:2582",
      startCursor: 1_700_000_000_000_000,
      allowedOrigins: ["https://a.example", "https://b.example"],
      metricsToken: null,
      validateOutputs: true,
    });
    expect(s.budgets.API.limit).toBe(NUMBER_DEFAULTS.API_RATE_LIMIT);
    expect(warnings).toEqual(["API_RATE_LIMIT=lots is not a non-negative number; using 1000"]);
  });

  it("reads the trusted labelers and hiding label values as lists; no labeler by default", () => {
    expect(readSettings(IDENTITY)).toMatchObject({
      trustedLabelers: [],
      hiddenLabelValues: ["!hide", "!takedown", "spam", "porn"],
    });
    const s = readSettings({
      ...IDENTITY,
      TRUSTED_LABELERS: " did:plc:abc , did:web:labeler.example,,did:plc:abc",
      HIDDEN_LABEL_VALUES: "!hide,graphic-media",
    });
    expect(s.trustedLabelers).toEqual(["did:plc:abc", "did:web:labeler.example"]);
    expect(s.hiddenLabelValues).toEqual(["!hide", "graphic-media"]);
  });

  it("refuses a deployment without its identity or with an unusable URL or cursor", () => {
    expect(() => readSettings({ ...IDENTITY, SERVICE_DID: "" })).toThrow(SettingsError);
    expect(() => readSettings({ ...IDENTITY, JETSTREAM_URL: "not a url" })).toThrow(SettingsError);
    expect(() => readSettings({ ...IDENTITY, START_CURSOR: "yesterday" })).toThrow(SettingsError);
  });
});
