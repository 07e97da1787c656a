// Which configured service a method goes to without an atproto-proxy header, and the configuration of
// those services from the environment (both URL and DID, or neither).
import { describe, expect, it } from "vitest";
import { configFromEnv } from "../../src/config.ts";
import { defaultServiceFor } from "../../src/proxy/default-service.ts";

// Both secrets given: nothing is written to the data directory.
const base = { PDS_JWT_SECRET: "s", PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX: "00".repeat(32) };
const cfgOf = (env: Record<string, string>) =>
  configFromEnv({ ...base, ...env }, { dataDir: "/nonexistent/aurora-locus" });

const appView = {
  PDS_BSKY_APP_VIEW_URL: "https://api.bsky.app/",
  PDS_BSKY_APP_VIEW_DID: "did:web:api.bsky.app",
};
const mod = { PDS_MOD_SERVICE_URL: "https://mod.example", PDS_MOD_SERVICE_DID: "did:plc:modservice" };
const reports = {
  PDS_REPORT_SERVICE_URL: "https://reports.example",
  PDS_REPORT_SERVICE_DID: "did:plc:reports",
};

describe("default services", () => {
  it("routes ozone to the moderation service, reports to the report service, the rest to the AppView", () => {
    const cfg = cfgOf({ ...appView, ...mod, ...reports });
    expect(defaultServiceFor(cfg, "app.bsky.feed.getTimeline")).toEqual({
      url: "https://api.bsky.app",
      did: "did:web:api.bsky.app",
    });
    expect(defaultServiceFor(cfg, "chat.bsky.convo.listConvos")?.did).toBe("did:web:api.bsky.app");
    expect(defaultServiceFor(cfg, "tools.ozone.moderation.emitEvent")?.did).toBe("did:plc:modservice");
    expect(defaultServiceFor(cfg, "com.atproto.moderation.createReport")?.did).toBe("did:plc:reports");
  });

  it("falls back from reports to the moderation service, never from ozone to the AppView", () => {
    expect(defaultServiceFor(cfgOf({ ...appView, ...mod }), "com.atproto.moderation.createReport")?.did).toBe(
      "did:plc:modservice",
    );
    const appViewOnly = cfgOf(appView);
    expect(defaultServiceFor(appViewOnly, "tools.ozone.moderation.emitEvent")).toBeUndefined();
    expect(defaultServiceFor(appViewOnly, "com.atproto.moderation.createReport")).toBeUndefined();
    expect(defaultServiceFor(cfgOf({}), "app.bsky.feed.getTimeline")).toBeUndefined();
  });

  it("refuses half a service or a URL that is not http(s)", () => {
    expect(() => cfgOf({ PDS_BSKY_APP_VIEW_URL: "https://api.bsky.app" })).toThrow(
      "PDS_BSKY_APP_VIEW_URL and PDS_BSKY_APP_VIEW_DID must be set together",
    );
    expect(() => cfgOf({ PDS_MOD_SERVICE_DID: "did:plc:x" })).toThrow(/must be set together/);
    expect(() => cfgOf({ ...mod, PDS_MOD_SERVICE_URL: "ftp://mod.example" })).toThrow(/not an http\(s\) URL/);
    expect(() => cfgOf({ ...mod, PDS_MOD_SERVICE_DID: "mod.example" })).toThrow(/not a DID/);
  });
});
