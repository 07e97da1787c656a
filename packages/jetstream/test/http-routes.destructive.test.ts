// The plain HTTP side of Jetstream: health, CORS, XRPC error bodies for unknown paths and methods, and
// who may read /stats (a bearer token when JETSTREAM_STATS_TOKEN is set, else loopback clients only).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createJetstream, type Jetstream } from "../src/index.ts";

describe("Jetstream HTTP routes", () => {
  let dir: string | undefined;
  let jetstream: Jetstream | undefined;
  afterEach(async () => {
    await jetstream?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    jetstream = undefined;
    dir = undefined;
  });
  async function start(env: Record<string, string> = {}): Promise<Jetstream> {
    dir = mkdtempSync(path.join(tmpdir(), "jetstream-http-"));
    jetstream = await createJetstream({ port: 0, dataDir: dir, upstreams: [], logLevel: "silent" }, env);
    return jetstream;
  }

  it("serves health and the landing text, with CORS; unknown paths and methods get XRPC errors", async () => {
    const { url } = await start();
    const health = await fetch(`${url}/xrpc/_health`);
    expect(health.status).toBe(200);
    expect(health.headers.get("access-control-allow-origin")).toBe("*");
    expect(await health.json()).toEqual({ version: "atrarium-jetstream/0.1.0" });
    expect(await (await fetch(`${url}/`)).text()).toMatch(/Jetstream-compatible/);

    const preflight = await fetch(`${url}/xrpc/com.atproto.sync.listReposByCollection`, {
      method: "OPTIONS",
      headers: { origin: "https://app.example", "access-control-request-method": "GET" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");

    const missing = await fetch(`${url}/xrpc/com.example.nothing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "NotFound", message: "Not Found" });
    const post = await fetch(`${url}/xrpc/_health`, { method: "POST", body: "{}" });
    expect(post.status).toBe(405);
    expect(await post.json()).toMatchObject({ error: "InvalidRequest" });
  });

  it("without a token, /stats answers loopback clients only, not what a local proxy forwards", async () => {
    const { url } = await start();
    const direct = await fetch(`${url}/stats`);
    expect(direct.status).toBe(200);
    expect(await direct.json()).toMatchObject({ subscribers: 0, log: { events: 0 } });
    const proxied = await fetch(`${url}/stats`, { headers: { "x-forwarded-for": "203.0.113.7" } });
    expect(proxied.status).toBe(403);
    expect(await proxied.json()).toMatchObject({ error: "Forbidden" });
  });

  it("with JETSTREAM_STATS_TOKEN, /stats needs that bearer token, from anywhere", async () => {
    const { url } = await start({ JETSTREAM_STATS_TOKEN: "s3cret-stats-token" });
    for (const headers of [{}, { authorization: "Bearer wrong" }, { authorization: "s3cret-stats-token" }]) {
      const res = await fetch(`${url}/stats`, { headers });
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(await res.json()).toMatchObject({ error: "AuthenticationRequired" });
    }
    const ok = await fetch(`${url}/stats`, {
      headers: { authorization: "Bearer s3cret-stats-token", "x-forwarded-for": "203.0.113.7" },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ upstreams: [] });
  });
});
