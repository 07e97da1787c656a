// metricsRoutes' `allow` hook: a service's own credential besides the operator rule (the PDS's admin).
// "allowed" serves from anywhere, "refused" is a 401 even from loopback, undefined leaves the rule as is.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createMetricsRegistry, type ExtraAccess, metricsRoutes } from "../src/index.ts";

const peer = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

// "Basic good" is the service's credential, any other Basic one is wrong, the rest is not its concern.
const allow: ExtraAccess = (request) => {
  const header = request.headers.get("authorization");
  if (!header?.startsWith("Basic ")) return undefined;
  return header === "Basic good" ? "allowed" : "refused";
};

const app = (token: string | undefined) => {
  const a = new Hono();
  a.route("/", metricsRoutes({ registry: createMetricsRegistry().registry, token, service: "test", allow }));
  return a;
};
const get = (a: Hono, headers: Record<string, string>, from: string) =>
  a.request("/metrics", { headers }, peer(from));

describe("metricsRoutes with an allow hook", () => {
  it("serves the extra credential from anywhere, with or without a token", async () => {
    for (const token of [undefined, "s3cret"]) {
      const res = await get(
        app(token),
        { authorization: "Basic good", "x-forwarded-for": "203.0.113.7" },
        "198.51.100.4",
      );
      expect(res.status, String(token)).toBe(200);
    }
  });

  it("refuses a wrong one with 401 and a Bearer challenge, even from loopback", async () => {
    for (const token of [undefined, "s3cret"]) {
      const res = await get(app(token), { authorization: "Basic bad" }, "127.0.0.1");
      expect(res.status, String(token)).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="test-metrics"');
      expect(await res.json()).toEqual({ error: "AuthenticationRequired", message: expect.any(String) });
    }
  });

  it("leaves other requests to the operator rule", async () => {
    expect((await get(app(undefined), {}, "127.0.0.1")).status).toBe(200);
    expect((await get(app(undefined), {}, "198.51.100.4")).status).toBe(403);
    expect((await get(app("s3cret"), {}, "127.0.0.1")).status).toBe(401);
    expect((await get(app("s3cret"), { authorization: "Bearer s3cret" }, "198.51.100.4")).status).toBe(200);
  });
});
