// Aurora Locus as an OAuth authorization server, with the ecosystem's own client
// (@atproto/oauth-client-node, a loopback client) through the PDS's real sign-in and consent pages in
// Chromium: the well-known documents name our issuer; a user signs in and consents; the session writes
// a record and reads it back; a forced refresh rotates the tokens and the session writes again;
// signing out revokes the token, and the old access token is refused at once (stateful tokens). A wrong
// password and an app password are refused on the page; a takedown refuses a live token at once; a new
// account signed up on the page is a real one (PLC DID, repo, handle, password login). A screenshot per
// page in .artifacts/screenshots/pds-oauth/.

import { Agent, AtpAgent } from "@atproto/api";
import type { OAuthSession } from "@atproto/oauth-client-node";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshots } from "./support/browser.ts";
import {
  completeOAuthSignIn,
  createDevnetOAuthClient,
  LOOPBACK_REDIRECT_URI,
} from "./support/oauth-client.ts";
import { approveOAuthInBrowser } from "./support/oauth-pages.ts";

const devnet = inject("devnet");
const shot = screenshots("pds-oauth");
let browser: Browser;
let alice: TestAccount;
let issuer: string;

beforeAll(async () => {
  [browser, alice] = await Promise.all([launchBrowser(), createTestAccount(devnet.pdsUrl)]);
  const res = await fetch(`${devnet.pdsUrl}/.well-known/oauth-protected-resource`);
  issuer = ((await res.json()) as { authorization_servers: string[] }).authorization_servers[0];
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

// A record written and read back through the OAuth session, as an app does it.
async function writeAndRead(session: OAuthSession, text: string): Promise<void> {
  const agent = new Agent(session);
  const created = await agent.com.atproto.repo.createRecord({
    repo: session.did,
    collection: "app.bsky.feed.post",
    record: { $type: "app.bsky.feed.post", text, createdAt: new Date().toISOString() },
  });
  const rkey = created.data.uri.split("/").pop() ?? "";
  const read = await agent.com.atproto.repo.getRecord({
    repo: session.did,
    collection: "app.bsky.feed.post",
    rkey,
  });
  expect((read.data.value as { text: string }).text).toBe(text);
}

// pds_auth_failures_total{reason="bad-password"} (/metrics answers loopback callers).
async function badPasswordCount(): Promise<number> {
  const text = await (await fetch(`${devnet.pdsUrl}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith('pds_auth_failures_total{reason="bad-password"}'));
  return Number(line?.split(" ").pop() ?? Number.NaN);
}

describe("well-known documents", () => {
  it("name the PDS's public URL as issuer and resource", async () => {
    const resource = (await (
      await fetch(`${devnet.pdsUrl}/.well-known/oauth-protected-resource`)
    ).json()) as { resource: string; authorization_servers: string[] };
    expect(resource.authorization_servers).toEqual([issuer]);
    expect(new URL(resource.resource).origin).toBe(new URL(issuer).origin);

    const server = (await (
      await fetch(`${devnet.pdsUrl}/.well-known/oauth-authorization-server`)
    ).json()) as Record<string, unknown>;
    expect(server.issuer).toBe(issuer);
    expect(server.pushed_authorization_request_endpoint).toBe(`${issuer}/oauth/par`);
    expect(server.require_pushed_authorization_requests).toBe(true);
    expect(server.dpop_signing_alg_values_supported).toContain("ES256");
    expect(server.scopes_supported).toContain("transition:generic");
    expect(server.protected_resources).toEqual([new URL(issuer).origin]);

    // The token key is symmetric: nothing of it is published.
    const jwks = (await (await fetch(`${devnet.pdsUrl}/oauth/jwks`)).json()) as { keys: object[] };
    expect(jwks.keys.filter((key) => "k" in key)).toEqual([]);
  });

  it("leaves every other route to the XRPC server", async () => {
    const res = await fetch(`${devnet.pdsUrl}/xrpc/_health`);
    expect(res.status).toBe(200);
  });
});

describe("sign-in with @atproto/oauth-client-node", () => {
  it("signs in through the pages, writes, refreshes, writes again, and revokes", async () => {
    const { client, sessions } = createDevnetOAuthClient({ pdsUrl: devnet.pdsUrl, plcUrl: devnet.plcUrl });
    const user = await openPage(browser);
    let session: OAuthSession;
    try {
      const authorizeUrl = await client.authorize(alice.handle, { scope: "atproto transition:generic" });
      expect(authorizeUrl.origin).toBe(new URL(issuer).origin);
      const redirect = await approveOAuthInBrowser(user.page, authorizeUrl, alice, {
        expectConsent: true,
        onStep: (step) => shot(user.page, step),
      });
      expect(redirect.searchParams.get("iss")).toBe(issuer);
      ({ session } = await client.callback(redirect.searchParams));
    } catch (err) {
      await shot(user.page, "failure").catch(() => {});
      throw new Error(`${(err as Error).message}\n${user.problems.join("\n")}`, { cause: err });
    } finally {
      await user.close();
    }
    expect(session.did).toBe(alice.did);
    await writeAndRead(session, "written with an OAuth session");

    // A forced refresh: new tokens, and the session keeps working.
    const before = sessions.get(alice.did)?.tokenSet.access_token;
    const refreshed = await session.getTokenInfo(true);
    const after = sessions.get(alice.did)?.tokenSet.access_token;
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
    expect(refreshed.sub).toBe(alice.did);
    await writeAndRead(session, "written after a refresh");

    // Revocation: the old tokens are refused at once (stateful tokens). The signed-out session is put
    // back into the client's store, so the client presents the revoked access token (with its DPoP
    // key) and, refused, tries the revoked refresh token.
    const saved = sessions.get(alice.did);
    if (!saved) throw new Error("no saved session");
    await session.signOut();
    expect(sessions.has(alice.did)).toBe(false);
    sessions.set(alice.did, saved);
    const revoked = await client.restore(alice.did, false);
    await expect(new Agent(revoked).com.atproto.server.getSession()).rejects.toThrow();
  }, 120_000);

  it("signs in a second time with completeOAuthSignIn", async () => {
    const { client } = createDevnetOAuthClient({ pdsUrl: devnet.pdsUrl, plcUrl: devnet.plcUrl });
    const user = await openPage(browser);
    const session = await completeOAuthSignIn(client, alice, "atproto transition:generic", {
      page: user.page,
    }).finally(() => user.close());
    expect(session.did).toBe(alice.did);
    await writeAndRead(session, "written from a second sign-in");
    await session.signOut();
  }, 120_000);

  it("refuses a wrong password on the sign-in page, counted as a failed sign-in", async () => {
    const { client } = createDevnetOAuthClient({ pdsUrl: devnet.pdsUrl, plcUrl: devnet.plcUrl });
    const user = await openPage(browser);
    const before = await badPasswordCount();
    try {
      const authorizeUrl = await client.authorize(alice.handle, { scope: "atproto transition:generic" });
      await expect(
        approveOAuthInBrowser(
          user.page,
          authorizeUrl,
          { ...alice, password: "not-the-password" },
          { timeoutMs: 15_000 },
        ),
      ).rejects.toThrow(/sign-in refused: Wrong identifier or password/);
      await shot(user.page, "wrong-password");
    } finally {
      await user.close();
    }
    // At least ours: other test files share this PDS.
    expect(await badPasswordCount()).toBeGreaterThan(before);
  }, 60_000);

  it("refuses an app password on the sign-in page", async () => {
    const { data } = await alice.agent.com.atproto.server.createAppPassword({ name: "oauth-e2e" });
    const { client } = createDevnetOAuthClient({ pdsUrl: devnet.pdsUrl, plcUrl: devnet.plcUrl });
    const user = await openPage(browser);
    try {
      const authorizeUrl = await client.authorize(alice.handle, { scope: "atproto transition:generic" });
      await expect(
        approveOAuthInBrowser(
          user.page,
          authorizeUrl,
          { ...alice, password: data.password },
          { timeoutMs: 15_000 },
        ),
      ).rejects.toThrow(/sign-in refused: Wrong identifier or password/);
    } finally {
      await user.close();
    }
  }, 60_000);
});

describe("takedown", () => {
  it("refuses a taken-down account's OAuth token at once, and its sign-in on the page", async () => {
    const bob = await createTestAccount(devnet.pdsUrl);
    const { client } = createDevnetOAuthClient({ pdsUrl: devnet.pdsUrl, plcUrl: devnet.plcUrl });
    const user = await openPage(browser);
    const session = await completeOAuthSignIn(client, bob, "atproto transition:generic", { page: user.page });
    await writeAndRead(session, "before the takedown");
    const admin = new AtpAgent({ service: devnet.pdsUrl }).com.atproto.admin;
    const asAdmin = {
      headers: {
        authorization: `Basic ${Buffer.from(`admin:${devnet.pdsAdminPassword}`).toString("base64")}`,
      },
    };
    const subject = { $type: "com.atproto.admin.defs#repoRef", did: bob.did };
    await admin.updateSubjectStatus({ subject, takedown: { applied: true, ref: "oauth-e2e" } }, asAdmin);
    try {
      await expect(writeAndRead(session, "after the takedown")).rejects.toThrow();
      const authorizeUrl = await client.authorize(bob.handle, { scope: "atproto transition:generic" });
      await expect(approveOAuthInBrowser(user.page, authorizeUrl, bob)).rejects.toThrow(
        // The page shows a generic refusal for it (the provider's UI words it).
        /sign-in refused/,
      );
    } finally {
      await admin.updateSubjectStatus({ subject, takedown: { applied: false } }, asAdmin);
      await user.close();
    }
  }, 90_000);
});

describe("sign-up on the provider's page", () => {
  it("creates a real account (PLC DID, repo, handle) that signs in with a password too", async () => {
    const { client } = createDevnetOAuthClient({ pdsUrl: devnet.pdsUrl, plcUrl: devnet.plcUrl });
    const slug = `o${Date.now().toString(36)}`;
    const account = {
      handle: `${slug}.test`,
      password: `Pw-${slug}-Secret-42!`,
      email: `${slug}@example.test`,
    };
    const user = await openPage(browser);
    let did = "";
    try {
      const authorizeUrl = await client.authorize(issuer, {
        scope: "atproto transition:generic",
        prompt: "create",
      });
      await user.page.goto(authorizeUrl.href);
      await user.page.getByPlaceholder("yourname").fill(slug);
      await shot(user.page, "sign-up-handle");
      await user.page.getByRole("button", { name: "Next" }).click();
      await user.page.getByRole("textbox", { name: "Email" }).fill(account.email);
      await user.page.locator('input[type="password"]').fill(account.password);
      await shot(user.page, "sign-up-credentials");
      const callback = user.page.waitForRequest((req) => req.url().startsWith(LOOPBACK_REDIRECT_URI));
      await user.page.getByRole("button", { name: "Sign up" }).click();
      await user.page.getByRole("button", { name: "Authorize", exact: true }).click();
      const redirect = new URL((await callback).url());
      const { session } = await client.callback(redirect.searchParams);
      expect(session.did).toMatch(/^did:plc:/);
      did = session.did;
      await writeAndRead(session, "my first post, signed up through OAuth");
    } catch (err) {
      await shot(user.page, "sign-up-failure").catch(() => {});
      throw new Error(`${(err as Error).message}\n${user.problems.join("\n")}`, { cause: err });
    } finally {
      await user.close();
    }
    // The DID is registered at the PLC directory with this PDS and the handle; a password login works.
    const plcDoc = (await (await fetch(`${devnet.plcUrl}/${did}`)).json()) as {
      alsoKnownAs: string[];
      service: { serviceEndpoint: string }[];
    };
    expect(plcDoc.alsoKnownAs).toEqual([`at://${account.handle}`]);
    expect(plcDoc.service[0].serviceEndpoint).toBe(issuer);
    const agent = new AtpAgent({ service: devnet.pdsUrl });
    await agent.login({ identifier: account.handle, password: account.password });
    expect(agent.session?.did).toBe(did);
    const repo = await agent.com.atproto.repo.describeRepo({ repo: account.handle });
    expect(repo.data.did).toBe(did);
  }, 60_000);
});
