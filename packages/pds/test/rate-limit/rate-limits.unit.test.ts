// Points, keys and the tightest-limit rule of the rate limiter, without a server.
import { describe, expect, it } from "vitest";
import { configFromEnv } from "../../src/config.ts";
import { clientIp } from "../../src/rate-limit/client-ip.ts";
import {
  APPLY_WRITES_LIMITS,
  applyWritesPoints,
  CREATE_RECORD_LIMITS,
  CREATE_SESSION_LIMITS,
  DELETE_RECORD_LIMITS,
  GLOBAL_LIMIT,
  PUT_RECORD_LIMITS,
} from "../../src/rate-limit/limits.ts";
import { RateLimits, rateLimitHeaders, rateLimitKey, tightest } from "../../src/rate-limit/rate-limits.ts";
import type { LimitStatus } from "../../src/rate-limit/types.ts";
import { XrpcError } from "../../src/xrpc/errors.ts";

const NS = "com.atproto.repo.applyWrites";
const status = (name: string, remaining: number): LimitStatus => ({
  name,
  limit: 10,
  durationSec: 60,
  remaining,
  msBeforeNext: 1000,
  exceeded: false,
});

describe("rate limit points", () => {
  it("counts a create 3, an update 2 and a delete 1, in applyWrites and the single-record methods", () => {
    const writes = [
      { $type: `${NS}#create` },
      { $type: `${NS}#create` },
      { $type: `${NS}#update` },
      { $type: `${NS}#delete` },
    ];
    expect(applyWritesPoints({ writes })).toBe(9);
    expect(APPLY_WRITES_LIMITS[0].cost?.({ writes })).toBe(9);
    expect(CREATE_RECORD_LIMITS[0].cost?.({})).toBe(3);
    expect(PUT_RECORD_LIMITS[0].cost?.({})).toBe(2);
    expect(DELETE_RECORD_LIMITS[0].cost?.({})).toBe(1);
    expect(applyWritesPoints({})).toBe(0);
  });

  it("shares one write budget per account across the write methods", () => {
    const names = [CREATE_RECORD_LIMITS, PUT_RECORD_LIMITS, DELETE_RECORD_LIMITS, APPLY_WRITES_LIMITS].map(
      (specs) => specs.map((s) => `${s.name}:${s.points}:${s.key}`).join(","),
    );
    expect(new Set(names)).toEqual(new Set(["repo-write-hour:5000:did,repo-write-day:35000:did"]));
  });
});

describe("rate limit keys", () => {
  it("keys createSession by identifier (as looked up) and address, per-account limits by DID", () => {
    const spec = CREATE_SESSION_LIMITS[0];
    expect(rateLimitKey(spec, { ip: "10.0.0.1", input: { identifier: " Alice.Test " } })).toBe(
      "alice.test-10.0.0.1",
    );
    expect(rateLimitKey(spec, { ip: "10.0.0.1", input: {} })).toBeNull();
    expect(rateLimitKey(GLOBAL_LIMIT, { ip: "10.0.0.1" })).toBe("10.0.0.1");
    expect(rateLimitKey(CREATE_RECORD_LIMITS[0], { ip: "10.0.0.1", did: "did:plc:x" })).toBe("did:plc:x");
    expect(rateLimitKey(CREATE_RECORD_LIMITS[0], { ip: "10.0.0.1" })).toBeNull();
  });

  it("takes the TCP peer unless a proxy is trusted, then the last X-Forwarded-For entry", () => {
    expect(clientIp("::ffff:127.0.0.1", "203.0.113.9", false)).toBe("127.0.0.1");
    expect(clientIp("127.0.0.1", "1.2.3.4, 203.0.113.9", true)).toBe("203.0.113.9");
    expect(clientIp("127.0.0.1", undefined, true)).toBe("127.0.0.1");
  });
});

describe("rate limit statuses", () => {
  it("reports the limit with the fewest points left, in xrpc-server's header format", () => {
    expect(tightest(status("a", 5), status("b", 3))?.name).toBe("b");
    expect(tightest(null, status("a", 5))?.name).toBe("a");
    expect(rateLimitHeaders({ ...status("a", 4), msBeforeNext: 30_500 }, 1_000_000)).toEqual({
      "RateLimit-Limit": "10",
      "RateLimit-Remaining": "4",
      "RateLimit-Reset": "1030",
      "RateLimit-Policy": "10;w=60",
    });
  });

  it("refuses the call past the budget with 429 RateLimitExceeded and counts the hit", async () => {
    const hits: string[] = [];
    const limits = new RateLimits({ enabled: true, bypassIps: [], onHit: (l) => hits.push(l) });
    const subject = { ip: "10.0.0.1", input: { identifier: "bob.test" } };
    for (let i = 1; i <= 30; i++) {
      const s = await limits.consume(CREATE_SESSION_LIMITS, subject);
      expect(s?.remaining).toBe(30 - i);
    }
    const refused = await limits.consume(CREATE_SESSION_LIMITS, subject).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(XrpcError);
    expect((refused as XrpcError).status).toBe(429);
    expect((refused as XrpcError).error).toBe("RateLimitExceeded");
    expect((refused as XrpcError).headers?.["RateLimit-Policy"]).toBe("30;w=300");
    expect(hits).toEqual(["create-session-5m"]);
    // Another identifier from the same address has its own budget.
    const other = await limits.consume(CREATE_SESSION_LIMITS, { ip: "10.0.0.1", input: { identifier: "c" } });
    expect(other?.remaining).toBe(29);
  });

  it("lets the bypass key and bypass addresses through, and nothing is limited when off", () => {
    const limits = new RateLimits({ enabled: true, bypassKey: "k", bypassIps: ["10.0.0.9"] });
    expect(limits.applies("10.0.0.1", undefined)).toBe(true);
    expect(limits.applies("10.0.0.1", "wrong")).toBe(true);
    expect(limits.applies("10.0.0.1", "k")).toBe(false);
    expect(limits.applies("10.0.0.9", undefined)).toBe(false);
    expect(new RateLimits({ enabled: false, bypassIps: [] }).applies("10.0.0.1", undefined)).toBe(false);
  });

  it("reads the settings from the environment, on by default", () => {
    // Both secrets given: nothing is written to the data directory.
    const secrets = { PDS_JWT_SECRET: "s", PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX: "00".repeat(32) };
    const dataDir = "/nonexistent/aurora-locus";
    expect(configFromEnv(secrets, { dataDir }).rateLimitsEnabled).toBe(true);
    const cfg = configFromEnv(
      {
        ...secrets,
        PDS_RATE_LIMITS_ENABLED: "false",
        PDS_RATE_LIMIT_BYPASS_KEY: "secret",
        PDS_RATE_LIMIT_BYPASS_IPS: "10.0.0.1, 10.0.0.2",
        PDS_TRUST_PROXY: "true",
      },
      { dataDir },
    );
    expect(cfg).toMatchObject({
      rateLimitsEnabled: false,
      rateLimitBypassKey: "secret",
      rateLimitBypassIps: ["10.0.0.1", "10.0.0.2"],
      trustProxy: true,
    });
  });
});
