// The PDS serves the admin web UI's built files at /admin (PDS_ADMIN_UI_DIR): files by path with their
// content type, index.html for the app's own routes, hashed assets cached for good and index.html
// revalidated, nothing outside the directory however the path is spelled, and a 404 page saying the UI
// is not built when the directory has no index.html. A stand-in build in a temporary directory keeps
// this independent of apps/pds-admin (the browser test e2e/pds-admin.test.ts runs the real one).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrivatePds, startPrivatePds } from "./support/private-pds.ts";

const INDEX = "<!doctype html><title>admin</title><div id=root></div>";
const SCRIPT = "console.log('admin ui');";
let work: string;
let uiDir: string;
let served: PrivatePds;
let unbuilt: PrivatePds;

// A request with the path exactly as written (fetch would normalise `..` segments away first).
function rawGet(base: string, rawPath: string): Promise<{ status: number; body: string; headers: Headers }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: rawPath, method: "GET", timeout: 5_000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") headers.set(k, v);
        resolve({ status: res.statusCode ?? 0, body, headers });
      });
    });
    req.on("timeout", () => req.destroy(new Error(`timeout: GET ${rawPath}`)));
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), "admin-ui-test-"));
  uiDir = path.join(work, "dist");
  mkdirSync(path.join(uiDir, "assets"), { recursive: true });
  writeFileSync(path.join(uiDir, "index.html"), INDEX);
  writeFileSync(path.join(uiDir, "assets", "index-Ab12Cd34.js"), SCRIPT);
  writeFileSync(path.join(uiDir, "assets", "index-Ef56Gh78.css"), "body{margin:0}");
  writeFileSync(path.join(uiDir, "robots.txt"), "User-agent: *\nDisallow: /\n");
  // Next to the UI directory: must never be served.
  writeFileSync(path.join(work, "secret.txt"), "top secret");
  [served, unbuilt] = await Promise.all([
    startPrivatePds({ adminUiDir: uiDir }),
    startPrivatePds({ adminUiDir: path.join(work, "missing") }),
  ]);
});

afterAll(async () => {
  await Promise.all([served?.close(), unbuilt?.close()]);
  rmSync(work, { recursive: true, force: true });
});

describe("admin web UI at /admin", () => {
  it("answers index.html at /admin/ and for the app's routes, revalidated every time", async () => {
    for (const p of ["/admin/", "/admin/index.html", "/admin/reports", "/admin/accounts/did:plc:abc123"]) {
      const res = await fetch(`${served.pdsUrl}${p}`);
      expect(res.status, p).toBe(200);
      expect(res.headers.get("content-type"), p).toBe("text/html; charset=utf-8");
      expect(res.headers.get("cache-control"), p).toBe("no-cache");
      expect(await res.text(), p).toBe(INDEX);
    }
  });

  it("redirects /admin to /admin/", async () => {
    const res = await fetch(`${served.pdsUrl}/admin`, { redirect: "manual" });
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe("/admin/");
  });

  it("serves hashed assets with their type, cached for good", async () => {
    const js = await fetch(`${served.pdsUrl}/admin/assets/index-Ab12Cd34.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await js.text()).toBe(SCRIPT);
    const css = await fetch(`${served.pdsUrl}/admin/assets/index-Ef56Gh78.css`);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    const robots = await fetch(`${served.pdsUrl}/admin/robots.txt`);
    expect(robots.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(robots.headers.get("cache-control")).toBe("no-cache");
  });

  it("answers 404 for a missing asset instead of the app", async () => {
    for (const p of ["/admin/assets/index-00000000.js", "/admin/favicon.ico"]) {
      const res = await fetch(`${served.pdsUrl}${p}`);
      expect(res.status, p).toBe(404);
      expect(await res.text(), p).not.toContain("<div id=root>");
    }
  });

  it("forbids framing and foreign scripts on the page that holds the admin password", async () => {
    const res = await fetch(`${served.pdsUrl}/admin/`);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("never serves a file outside its directory", async () => {
    for (const p of [
      "/admin/../secret.txt",
      "/admin/..%2fsecret.txt",
      "/admin/..%2Fsecret.txt",
      "/admin/%2e%2e%2fsecret.txt",
      "/admin/assets/..%2f..%2fsecret.txt",
      "/admin/..%5csecret.txt",
      "/admin/%00secret.txt",
      "/admin/%E0%A4%A",
    ]) {
      const res = await rawGet(served.pdsUrl, p);
      expect(res.body, p).not.toContain("top secret");
      expect([400, 404], p).toContain(res.status);
    }
  });

  it("says the UI is not built when its directory has no index.html, and the API still works", async () => {
    for (const p of ["/admin/", "/admin/reports"]) {
      const res = await fetch(`${unbuilt.pdsUrl}${p}`);
      expect(res.status, p).toBe(404);
      expect(res.headers.get("content-type"), p).toBe("text/html; charset=utf-8");
      expect(await res.text(), p).toContain("The admin web UI is not built");
    }
    const health = await fetch(`${unbuilt.pdsUrl}/xrpc/_health`);
    expect(health.status).toBe(200);
  });
});
