// The Worker's production OAuth path (issue 20), run locally: the Worker at https://atrarium.internal:<port>
// behind a TLS edge is a confidential client whose client_id is its metadata document; the PDS fetches
// that document through an egress proxy; a user signs in in Chromium through the PDS's pages; the
// Worker's session token then writes to the user's own repo. Private stack: e2e/support/https-worker-stack.ts.
import http from "node:http";
import { oauthClientMetadataSchema } from "@atproto/oauth-types";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshots } from "./support/browser.ts";
import { type EdgeFetch, edgeClient } from "./support/edge-client.ts";
import { type HttpsWorkerStack, startHttpsWorkerStack, WORKER_HOST } from "./support/https-worker-stack.ts";
import { signInToWorker } from "./support/worker-session.ts";

const shot = screenshots("atrarium-oauth-https");
let stack: HttpsWorkerStack;
let browser: Browser;
let alice: TestAccount;
let edge: EdgeFetch;
// Alice's Worker session token, from the sign-in test on.
let token = "";

const bearer = () => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  stack = await startHttpsWorkerStack();
  edge = edgeClient(stack.publicUrl, stack.certificate.ca);
  [browser, alice] = await Promise.all([
    launchBrowser(stack.browserOptions),
    createTestAccount(stack.devnet.pdsUrl),
  ]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

// What the egress proxy answers a CONNECT to `target` (the tunnel is closed at once).
function connectThroughEgress(target: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(stack.egress.url, { method: "CONNECT", path: target, timeout: 5000 });
    req.on("connect", (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer to CONNECT ${target}`)));
    req.on("error", reject);
    req.end();
  });
}

async function createCommunity(name: string) {
  const res = await edge("/api/communities", { headers: bearer(), body: { name } });
  expect(res.status, res.text).toBe(200);
  return res.json as { id: string; uri: string; cid: string; hashtag: string };
}

async function expectInRepo(uri: string, cid: string) {
  const [, , repo, collection, rkey] = uri.split("/");
  expect(repo).toBe(alice.did);
  const record = await alice.agent.com.atproto.repo.getRecord({ repo, collection, rkey });
  expect(record.data.cid).toBe(cid);
  return record.data.value as Record<string, unknown>;
}

describe("the Worker as an https OAuth client", () => {
  it("publishes its client metadata at its client_id over TLS, with public keys only", async () => {
    const clientId = `${stack.publicUrl}/oauth/client-metadata.json`;
    const res = await edge(clientId);
    expect(res.status, res.text).toBe(200);
    const metadata = oauthClientMetadataSchema.parse(res.json);
    expect(metadata).toMatchObject({
      client_id: clientId,
      redirect_uris: [`${stack.publicUrl}/oauth/callback`],
      token_endpoint_auth_method: "private_key_jwt",
      token_endpoint_auth_signing_alg: "ES256",
      dpop_bound_access_tokens: true,
      application_type: "web",
    });
    expect(metadata.scope?.split(" ")).toEqual(
      expect.arrayContaining(["atproto", "repo:net.atrarium.community.config"]),
    );
    expect(metadata.jwks_uri).toBe(`${stack.publicUrl}/oauth/jwks.json`);
    const jwks = await edge(metadata.jwks_uri as string);
    expect(jwks.status, jwks.text).toBe(200);
    const { keys } = jwks.json as { keys: Record<string, unknown>[] };
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: "EC", crv: "P-256", kid: expect.any(String) });
      // Private parts never leave the Worker.
      expect(key).not.toHaveProperty("d");
    }
  });

  it("signs a user in through the PDS's pages; the PDS fetched the metadata through the egress proxy", {
    timeout: 90_000,
  }, async () => {
    const session = await signInToWorker({
      workerUrl: stack.publicUrl,
      identifier: alice.handle,
      password: alice.password,
      browser,
      expectConsent: true,
      onStep: (page, step) => shot(page, step),
    });
    expect(session.did).toBe(alice.did);
    expect(session.token).toMatch(/^atrs_[A-Za-z0-9_.-]+$/);
    token = session.token;
    const publicHost = `${WORKER_HOST}:${new URL(stack.publicUrl).port}`;
    expect(stack.egress.connects).toContainEqual({ target: publicHost, allowed: true });
    // Nothing else left the PDS through the proxy (its neighbours are in NO_PROXY).
    expect(stack.egress.connects.filter((c) => c.target !== publicHost)).toEqual([]);

    const me = await edge("/oauth/session", { headers: bearer() });
    expect(me.status, me.text).toBe(200);
    expect(me.json).toMatchObject({ did: alice.did, handle: alice.handle });
    expect(String((me.json as { scope: unknown }).scope).split(" ")).toContain(
      "repo:net.atrarium.community.config",
    );
  });

  it("writes to the user's own repo with the session token, readable at once", async () => {
    expect(token, "the sign-in test ran first").not.toBe("");
    const created = await createCommunity("Harbour Lights");
    expect(created.id).toMatch(/^[0-9a-f]{8}$/);
    expect(created.uri.startsWith(`at://${alice.did}/net.atrarium.community.config/`)).toBe(true);
    expect(await expectInRepo(created.uri, created.cid)).toMatchObject({ name: "Harbour Lights" });

    const read = await edge(`/api/communities/${created.id}`);
    expect(read.status, read.text).toBe(200);
    expect(JSON.stringify(read.json)).toContain("Harbour Lights");
  });

  it("keeps the stored OAuth session across a Worker restart: the next write needs no sign-in", {
    timeout: 120_000,
  }, async () => {
    expect(token, "the sign-in test ran first").not.toBe("");
    await stack.restartWorker();
    const me = await edge("/oauth/session", { headers: bearer() });
    expect(me.status, me.text).toBe(200);
    const created = await createCommunity("After The Restart");
    await expectInRepo(created.uri, created.cid);
  });

  it("logout ends the token: the session and the write routes answer 401", async () => {
    expect(token, "the sign-in test ran first").not.toBe("");
    const out = await edge("/oauth/logout", { method: "POST", headers: bearer() });
    expect(out.status, out.text).toBe(200);
    const me = await edge("/oauth/session", { headers: bearer() });
    expect(me.status).toBe(401);
    const write = await edge("/api/communities", { headers: bearer(), body: { name: "Too Late" } });
    expect(write.status, write.text).toBe(401);
  });

  it("refuses a sign-in that would return to another origin", async () => {
    for (const returnTo of ["https://elsewhere.example.com/", "http://127.0.0.1:5173/"]) {
      const login = new URL("/oauth/login", stack.publicUrl);
      login.searchParams.set("identifier", alice.handle);
      login.searchParams.set("return_to", returnTo);
      const res = await edge(login.href);
      expect(res.status, `${returnTo}: ${res.text}`).toBe(400);
      expect(res.json).toMatchObject({ error: "InvalidReturnTo" });
    }
  });

  it("the egress proxy lets the PDS reach the Worker's host only", async () => {
    const seen = stack.egress.connects.length;
    expect(await connectThroughEgress(`${WORKER_HOST}:${new URL(stack.publicUrl).port}`)).toBe(200);
    expect(await connectThroughEgress("example.com:443")).toBe(403);
    expect(await connectThroughEgress(`${WORKER_HOST}:443`)).toBe(403);
    expect(stack.egress.connects.slice(seen).map((c) => c.allowed)).toEqual([true, false, false]);
    // No plain-http forwarding, which would go around the destination list.
    const plain = await fetch(`${stack.egress.url}/`, { signal: AbortSignal.timeout(5000) });
    expect(plain.status).toBe(405);
  });
});
