// What Aurora Locus refuses to an OAuth client, end to end against a PDS of its own: sessions are made
// with the ecosystem's client (@atproto/oauth-client-node) through the PDS's real pages in Chromium;
// the misbehaving requests are built by hand (support/dpop-request.ts). Refused: a DPoP proof signed by
// another key, a replayed proof, the access token as a plain Bearer token, an expired token, a token
// used beyond its granular scopes (repo:, rpc:, blob:), forged client_ids (a loopback client sending
// users elsewhere, an https client on an IP, a code redeemed by another client), and the methods the
// official PDS keeps from OAuth sessions (app passwords, account deletion, email change).

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "@atproto/api";
import type { OAuthSession } from "@atproto/oauth-client-node";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type PrivatePds, startPrivatePds } from "../packages/pds/test/support/private-pds.ts";
import { launchBrowser, openPage } from "./support/browser.ts";
import {
  currentNonce,
  type DpopKey,
  dpopFetch,
  dpopKeyFromJwk,
  dpopProof,
  newDpopKey,
} from "./support/dpop-request.ts";
import {
  completeOAuthSignIn,
  createDevnetOAuthClient,
  type DevnetOAuthClient,
  LOOPBACK_REDIRECT_URI,
} from "./support/oauth-client.ts";
import { approveOAuthInBrowser } from "./support/oauth-pages.ts";

const FEEDGEN = "did:web:feeds.test#bsky_fg";
const APPVIEW_DID = "did:web:appview.test";
const LIMITED_SCOPE = `atproto repo:app.bsky.feed.post?action=create rpc:app.bsky.feed.getFeedSkeleton?aud=${encodeURIComponent(FEEDGEN)}`;
const UNSUPPORTED = "OAuth credentials are not supported for this endpoint";
const ADMIN_PASSWORD = "oauth-refusals-admin";

let browser: Browser;
let pds: PrivatePds;
// A stand-in AppView, the PDS's default service: every call it receives answers an empty timeline.
let appView: Server;
let account: TestAccount;
// The PDS's public URL: what DPoP proofs name (htu) and where the client's requests go.
let base: string;
let generic: DevnetOAuthClient;
let session: OAuthSession;
// The generic session's access token and the key it is bound to, as the client saved them.
let accessToken: string;
let boundKey: DpopKey;

const xrpc = (nsid: string, query = "") => `${base}/xrpc/${nsid}${query ? `?${query}` : ""}`;

async function signIn(client: DevnetOAuthClient, scope: string): Promise<OAuthSession> {
  const { page, close } = await openPage(browser);
  try {
    return await completeOAuthSignIn(client.client, account, scope, { page });
  } finally {
    await close();
  }
}

// The XRPC error a call through the client library ends with (status and error name), or "ok".
async function outcome(
  call: Promise<unknown>,
): Promise<{ status: number; error?: string; message?: string } | "ok"> {
  try {
    await call;
    return "ok";
  } catch (err) {
    const { status, error, message } = err as { status: number; error?: string; message?: string };
    return { status, error, message };
  }
}

// A post by the account, and a like of a post, written through `agent` (an OAuth session).
function writePost(agent: Agent, text: string) {
  const record = { $type: "app.bsky.feed.post", text, createdAt: new Date().toISOString() };
  return agent.com.atproto.repo.createRecord({ repo: account.did, collection: "app.bsky.feed.post", record });
}

function writeLike(agent: Agent, subject: { uri: string; cid: string }) {
  const record = { $type: "app.bsky.feed.like", subject, createdAt: new Date().toISOString() };
  return agent.com.atproto.repo.createRecord({ repo: account.did, collection: "app.bsky.feed.like", record });
}

async function authServerMetadata(): Promise<Record<string, string>> {
  const res = await fetch(`${base}/.well-known/oauth-authorization-server`);
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, string>;
}

beforeAll(async () => {
  appView = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ feed: [] }));
  });
  await new Promise<void>((resolve) => appView.listen(0, "127.0.0.1", resolve));
  const appViewUrl = `http://127.0.0.1:${(appView.address() as AddressInfo).port}`;
  [browser, pds] = await Promise.all([
    launchBrowser(),
    startPrivatePds({ bskyAppView: { url: appViewUrl, did: APPVIEW_DID }, adminPassword: ADMIN_PASSWORD }),
  ]);
  base = pds.pds.ctx.cfg.publicUrl;
  account = await createTestAccount(pds.pdsUrl);
  generic = createDevnetOAuthClient({ pdsUrl: pds.pdsUrl, plcUrl: pds.plcUrl });
  session = await signIn(generic, "atproto transition:generic");
  const saved = generic.sessions.get(account.did);
  if (!saved) throw new Error("the client saved no session");
  accessToken = saved.tokenSet.access_token;
  boundKey = await dpopKeyFromJwk(saved.dpopJwk);
}, 180_000);

afterAll(async () => {
  vi.useRealTimers();
  await browser?.close();
  await pds?.close();
  await new Promise((resolve) => appView?.close(resolve));
});

describe("DPoP-bound access tokens", () => {
  it("work with a proof by the key they are bound to (the hand-made requests below are sound)", async () => {
    const res = await dpopFetch(xrpc("com.atproto.server.getSession"), boundKey, { accessToken });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.did).toBe(account.did);
    // Without transition:email (or account:email) the address stays private.
    expect(res.body.email).toBeUndefined();
    expect(res.headers.get("dpop-nonce")).toBeTruthy();
    // The password session still sees it.
    expect((await account.agent.com.atproto.server.getSession()).data.email).toBe(account.email);
  });

  it("refuse a proof signed by another key", async () => {
    const res = await dpopFetch(xrpc("com.atproto.server.getSession"), await newDpopKey(), { accessToken });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: "invalid_token", message: "Invalid DPoP key binding" });
    expect(res.headers.get("www-authenticate")).toMatch(/^DPoP /);
  });

  it("refuse a replayed proof", async () => {
    const url = xrpc("com.atproto.server.getSession");
    const nonce = await currentNonce(url, boundKey, accessToken);
    const proof = await dpopProof(boundKey, { htm: "GET", htu: url, accessToken, nonce });
    const first = await dpopFetch(url, boundKey, { accessToken, proof });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const again = await dpopFetch(url, boundKey, { accessToken, proof });
    expect(again.status).toBe(401);
    expect(again.body).toMatchObject({ error: "invalid_dpop_proof", message: "DPoP proof replayed" });
  });

  it("refuse the access token used as a plain Bearer token", async () => {
    const res = await fetch(xrpc("com.atproto.server.getSession"), {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toBe("InvalidToken");
    expect(body.message).toMatch(/DPoP-bound/);
  });

  it("are not session tokens: refreshSession refuses them", async () => {
    const res = await dpopFetch(xrpc("com.atproto.server.refreshSession"), boundKey, {
      accessToken,
      method: "POST",
    });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe("InvalidToken");
  });
});

describe("methods the official PDS keeps from OAuth sessions", () => {
  it("answer 403 whatever the session's scopes", async () => {
    const agent = new Agent(session);
    const forbidden = { status: 403, error: "Forbidden", message: UNSUPPORTED };
    expect(await outcome(agent.com.atproto.server.createAppPassword({ name: "from-oauth" }))).toEqual(
      forbidden,
    );
    expect(await outcome(agent.com.atproto.server.listAppPasswords())).toEqual(forbidden);
    expect(await outcome(agent.com.atproto.server.requestAccountDelete())).toEqual(forbidden);
    expect(await outcome(agent.com.atproto.server.deactivateAccount({}))).toEqual(forbidden);
    expect(await outcome(agent.com.atproto.server.requestEmailUpdate())).toMatchObject({
      status: 403,
      error: "Forbidden",
      message: expect.stringMatching(/account manager interface/),
    });
    // While ordinary writes go through: transition:generic grants every collection.
    const post = await writePost(agent, "through an OAuth session");
    expect(await outcome(writeLike(agent, { uri: post.data.uri, cid: post.data.cid }))).toBe("ok");
  });
});

describe("granular scopes", () => {
  let limited: Agent;

  beforeAll(async () => {
    const client = createDevnetOAuthClient({ pdsUrl: pds.pdsUrl, plcUrl: pds.plcUrl, scope: LIMITED_SCOPE });
    limited = new Agent(await signIn(client, LIMITED_SCOPE));
  }, 120_000);

  it("repo: a post may be created, but not a like, nor the post deleted", async () => {
    const post = await writePost(limited, "through a narrow OAuth session");
    expect(post.data.uri).toContain("app.bsky.feed.post");
    expect(await outcome(writeLike(limited, { uri: post.data.uri, cid: post.data.cid }))).toEqual({
      status: 403,
      error: "ScopeMissingError",
      message: 'Missing required scope "repo:app.bsky.feed.like?action=create"',
    });
    const rkey = post.data.uri.split("/").pop() as string;
    const del = limited.com.atproto.repo.deleteRecord({
      repo: account.did,
      collection: "app.bsky.feed.post",
      rkey,
    });
    expect(await outcome(del)).toMatchObject({ status: 403, error: "ScopeMissingError" });
    const put = limited.com.atproto.repo.putRecord({
      repo: account.did,
      collection: "app.bsky.feed.post",
      rkey,
      record: { $type: "app.bsky.feed.post", text: "edited", createdAt: new Date().toISOString() },
    });
    expect(await outcome(put)).toMatchObject({ status: 403, error: "ScopeMissingError" });
    // The post is still there.
    const kept = await account.agent.com.atproto.repo.getRecord({
      repo: account.did,
      collection: "app.bsky.feed.post",
      rkey,
    });
    expect(kept.data.uri).toBe(post.data.uri);
  });

  it("blob: no upload without a blob scope", async () => {
    const upload = limited.com.atproto.repo.uploadBlob(new Uint8Array([1, 2, 3]), { encoding: "image/png" });
    expect(await outcome(upload)).toEqual({
      status: 403,
      error: "ScopeMissingError",
      message: 'Missing required scope "blob:image/png"',
    });
  });

  it("rpc: service auth only for the audience and method granted", async () => {
    const granted = await limited.com.atproto.server.getServiceAuth({
      aud: FEEDGEN,
      lxm: "app.bsky.feed.getFeedSkeleton",
    });
    expect(granted.data.token.split(".")).toHaveLength(3);
    const otherMethod = limited.com.atproto.server.getServiceAuth({
      aud: FEEDGEN,
      lxm: "app.bsky.feed.getTimeline",
    });
    expect(await outcome(otherMethod)).toMatchObject({ status: 403, error: "ScopeMissingError" });
    const otherAud = limited.com.atproto.server.getServiceAuth({
      aud: "did:web:elsewhere.test#bsky_fg",
      lxm: "app.bsky.feed.getFeedSkeleton",
    });
    expect(await outcome(otherAud)).toMatchObject({ status: 403, error: "ScopeMissingError" });
    const anyMethod = limited.com.atproto.server.getServiceAuth({ aud: FEEDGEN });
    expect(await outcome(anyMethod)).toMatchObject({ status: 403, error: "ScopeMissingError" });
    // A proxied call is an rpc: call too (here to the default AppView).
    expect(await outcome(limited.app.bsky.feed.getTimeline({}))).toEqual({
      status: 403,
      error: "ScopeMissingError",
      message: `Missing required scope "rpc:app.bsky.feed.getTimeline?aud=${APPVIEW_DID}%23bsky_appview"`,
    });
  });
});

describe("proxied calls with transition:generic", () => {
  it("reach the AppView, but not chat (transition:chat.bsky is separate)", async () => {
    const agent = new Agent(session);
    const timeline = await agent.app.bsky.feed.getTimeline({});
    expect(timeline.data.feed).toEqual([]);
    expect(await outcome(agent.chat.bsky.convo.listConvos({}))).toMatchObject({
      status: 403,
      error: "ScopeMissingError",
    });
  });
});

describe("forged client_ids", () => {
  const pkce = {
    code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    code_challenge_method: "S256",
  };

  async function par(clientId: string, redirectUri: string) {
    const { pushed_authorization_request_endpoint: endpoint } = await authServerMetadata();
    return dpopFetch(endpoint, await newDpopKey(), {
      form: {
        client_id: clientId,
        response_type: "code",
        redirect_uri: redirectUri,
        scope: "atproto",
        state: "forged-client-test",
        ...pkce,
      },
    });
  }

  it("(control: a well-formed loopback client's request is accepted)", async () => {
    const clientId = `http://localhost?${new URLSearchParams({ redirect_uri: LOOPBACK_REDIRECT_URI, scope: "atproto" })}`;
    const res = await par(clientId, LOOPBACK_REDIRECT_URI);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.request_uri).toMatch(/^urn:ietf:params:oauth:request_uri:/);
  });

  it("a loopback client_id may not send the user to a non-loopback redirect_uri", async () => {
    const evil = "https://evil.example/callback";
    const clientId = `http://localhost?${new URLSearchParams({ redirect_uri: evil, scope: "atproto" })}`;
    const res = await par(clientId, evil);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error).toMatch(/^invalid_(client_metadata|client_id|redirect_uri|request)$/);
    expect(JSON.stringify(res.body)).not.toContain("request_uri");
  });

  it("an https client_id on an IP address or loopback host is refused without fetching it", async () => {
    for (const clientId of [
      "https://127.0.0.1/client-metadata.json",
      "https://localhost/client-metadata.json",
    ]) {
      const res = await par(clientId, "https://127.0.0.1/callback");
      expect(res.status, `${clientId}: ${JSON.stringify(res.body)}`).toBe(400);
      // Refused as a client (invalid_client*) or already as a malformed request (the client_id fails
      // the request schema): either way before any metadata is fetched.
      expect(res.body.error, clientId).toMatch(/^invalid_(client|client_id|client_metadata|request)$/);
      expect(res.body.request_uri).toBeUndefined();
    }
  });

  it("an authorization code is redeemed only by the client it was issued to", async () => {
    const authorizeUrl = await generic.client.authorize(account.handle, {
      scope: "atproto transition:generic",
    });
    const { page, close } = await openPage(browser);
    let redirect: URL;
    try {
      redirect = await approveOAuthInBrowser(page, authorizeUrl, account);
    } finally {
      await close();
    }
    const code = redirect.searchParams.get("code");
    const state = generic.states.get(redirect.searchParams.get("state") ?? "");
    expect(code).toBeTruthy();
    if (!state) throw new Error("the client kept no state for this authorization");
    const { token_endpoint: endpoint } = await authServerMetadata();
    // Another loopback client (another scope makes another client_id) tries the code with the verifier.
    const otherClient = `http://localhost?${new URLSearchParams({ redirect_uri: LOOPBACK_REDIRECT_URI, scope: "atproto" })}`;
    const res = await dpopFetch(endpoint, await dpopKeyFromJwk(state.dpopJwk), {
      form: {
        grant_type: "authorization_code",
        client_id: otherClient,
        code: code as string,
        redirect_uri: LOOPBACK_REDIRECT_URI,
        code_verifier: state.verifier,
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error).toMatch(/^invalid_(grant|client)$/);
    expect(res.body.access_token).toBeUndefined();
  });
});

// Last: it moves this process's clock (the in-process PDS's included) past the token's expiry.
describe("an expired access token", () => {
  it("is refused as invalid_token, saying it expired", async () => {
    const saved = generic.sessions.get(account.did);
    const expiresAt = saved?.tokenSet.expires_at;
    if (!saved || !expiresAt) throw new Error("the saved session has no expiry");
    const token = saved.tokenSet.access_token;
    const key = await dpopKeyFromJwk(saved.dpopJwk);
    const url = xrpc("com.atproto.server.getSession");
    expect((await dpopFetch(url, key, { accessToken: token })).status).toBe(200);
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    try {
      vi.setSystemTime(new Date(Date.parse(expiresAt) + 60_000));
      const res = await dpopFetch(url, key, { accessToken: token });
      expect(res.status, JSON.stringify(res.body)).toBe(401);
      expect(res.body.error).toBe("invalid_token");
      // The library's words for it: "Token expired at ..." or jose's '"exp" claim timestamp check failed'.
      expect(res.body.message).toMatch(/expired|"exp" claim/i);
    } finally {
      vi.useRealTimers();
    }
  });
});

// After the clock test: it takes the account down for good.
describe("a taken-down account's OAuth session", () => {
  it("is refused at once, as its password sessions are", async () => {
    const url = xrpc("com.atproto.server.getSession");
    expect((await dpopFetch(url, boundKey, { accessToken })).status).toBe(200);
    const takedown = await fetch(xrpc("com.atproto.admin.updateSubjectStatus"), {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString("base64")}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({
        subject: { $type: "com.atproto.admin.defs#repoRef", did: account.did },
        takedown: { applied: true, ref: "oauth-refusals" },
      }),
    });
    expect(takedown.status).toBe(200);
    const res = await dpopFetch(url, boundKey, { accessToken });
    expect(res.status, JSON.stringify(res.body)).toBe(401);
    // Refused by the token store (the session ended) or by the account check after it.
    expect(res.body.error).toMatch(/^(AccountTakedown|invalid_token)$/);
  });
});
