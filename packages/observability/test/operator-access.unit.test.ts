// Who may read operator routes: the pure rule, and /metrics served through it (in memory, with the
// node server's peer address passed as Hono's env, as @hono/node-server does).
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createMetricsRegistry, isLoopback, metricsRoutes, operatorAccess } from "../src/index.ts";
import { parsePrometheusText } from "../src/prometheus-text.ts";

const peer = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

describe("operatorAccess", () => {
  it("without a token: loopback peers only, and not through a proxy", () => {
    const direct = { authorization: undefined, forwarded: false };
    expect(operatorAccess(undefined, { ...direct, remoteAddress: "127.0.0.1" })).toBe("allowed");
    expect(operatorAccess("", { ...direct, remoteAddress: "::1" })).toBe("allowed");
    expect(operatorAccess(undefined, { ...direct, remoteAddress: "::ffff:127.0.0.1" })).toBe("allowed");
    expect(operatorAccess(undefined, { ...direct, remoteAddress: "192.0.2.1" })).toBe("forbidden");
    expect(operatorAccess(undefined, { ...direct, remoteAddress: undefined })).toBe("forbidden");
    const proxied = { authorization: undefined, forwarded: true, remoteAddress: "127.0.0.1" };
    expect(operatorAccess(undefined, proxied)).toBe("forbidden");
  });

  it("with a token: that bearer token, from anywhere; nothing else", () => {
    const from = { remoteAddress: "127.0.0.1", forwarded: false };
    expect(operatorAccess("t0ken", { ...from, authorization: "Bearer t0ken" })).toBe("allowed");
    expect(operatorAccess("t0ken", { ...from, authorization: "bearer t0ken" })).toBe("allowed");
    for (const authorization of [undefined, "Bearer wrong", "t0ken", "Bearer t0ken2", "Basic t0ken"]) {
      expect(operatorAccess("t0ken", { ...from, authorization }), String(authorization)).toBe(
        "unauthenticated",
      );
    }
    const remote = { remoteAddress: "203.0.113.9", forwarded: true, authorization: "Bearer t0ken" };
    expect(operatorAccess("t0ken", remote)).toBe("allowed");
  });

  it("knows loopback peers", () => {
    for (const a of ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1", "0:0:0:0:0:0:0:1"]) {
      expect(isLoopback(a), a).toBe(true);
    }
    for (const a of ["10.0.0.1", "::", "::2", "::ffff:10.0.0.1", "2001:db8::1", "localhost", undefined]) {
      expect(isLoopback(a), String(a)).toBe(false);
    }
  });
});

describe("metricsRoutes", () => {
  const app = (token: string | undefined) => {
    const { registry } = createMetricsRegistry();
    const a = new Hono();
    a.route("/", metricsRoutes({ registry, token, service: "test" }));
    return a;
  };

  it("refuses with XRPC error bodies: 403 for non-loopback peers, 401 without the token", async () => {
    const open = app(undefined);
    const far = await open.request("/metrics", {}, peer("198.51.100.4"));
    expect(far.status).toBe(403);
    expect(await far.json()).toEqual({
      error: "Forbidden",
      message: "metrics are served to loopback clients only",
    });
    const proxied = await open.request("/metrics", { headers: { forwarded: "for=192.0.2.60" } }, peer("::1"));
    expect(proxied.status).toBe(403);

    const locked = app("s3cret");
    const anonymous = await locked.request("/metrics", {}, peer("127.0.0.1"));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe('Bearer realm="test-metrics"');
    expect(await anonymous.json()).toMatchObject({ error: "AuthenticationRequired" });
  });

  it("serves Prometheus text to a loopback peer, or to anyone with the token", async () => {
    const local = await app(undefined).request("/metrics", {}, peer("127.0.0.1"));
    expect(local.status).toBe(200);
    expect(local.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const withToken = await app("s3cret").request(
      "/metrics",
      { headers: { authorization: "Bearer s3cret", "x-forwarded-for": "203.0.113.7" } },
      peer("198.51.100.4"),
    );
    expect(withToken.status).toBe(200);
    const samples = parsePrometheusText(await withToken.text());
    expect(samples.some((s) => s.name === "process_resident_memory_bytes")).toBe(true);
  });
});
