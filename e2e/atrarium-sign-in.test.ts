// The Worker's sign-in lifecycle (docs/atrarium-oauth.md) against the shared devnet, in Chromium: a
// refusal on the PDS's consent screen comes back as #atrarium_error without a session; a bad start is a
// clear 400; the callback refuses what the PDS did not send; signing out of the last browser session
// revokes Atrarium's grant at the PDS, so a service-JWT write then needs a new sign-in, which works.
import { AtpAgent } from "@atproto/api";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "./support/browser.ts";
import { signInToWorker, WorkerSignInError } from "./support/worker-session.ts";

const devnet = inject("devnet");
const CREATE = "net.atrarium.community.create";
let browser: Browser;
let workerDid: string;

const worker = (path: string, init: RequestInit = {}) => fetch(new URL(path, devnet.workerUrl), init);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function serviceJwt(account: TestAccount, lxm: string): Promise<string> {
  const agent = new AtpAgent({ service: devnet.pdsUrl });
  await agent.login({ identifier: account.handle, password: account.password });
  const { data } = await agent.com.atproto.server.getServiceAuth({ aud: workerDid, lxm });
  return data.token;
}

const createWith = (token: string, name: string) =>
  worker(`/xrpc/${CREATE}`, {
    method: "POST",
    headers: { ...bearer(token), "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });

beforeAll(async () => {
  browser = await launchBrowser();
  workerDid = ((await (await worker("/.well-known/did.json")).json()) as { id: string }).id;
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe("signing in to the Atrarium Worker", () => {
  it("comes back with atrarium_error and no session when the user denies access", async () => {
    const account = await createTestAccount(devnet.pdsUrl);
    const denied = signInToWorker({
      workerUrl: devnet.workerUrl,
      identifier: account.handle,
      password: account.password,
      browser,
      decision: "deny",
    });
    await expect(denied).rejects.toBeInstanceOf(WorkerSignInError);
    await expect(denied).rejects.toMatchObject({ code: "access_denied" });
    const write = await createWith(await serviceJwt(account, CREATE), "never written");
    expect(write.status).toBe(401);
    expect(await write.json()).toMatchObject({ error: "OAuthSessionRequired" });
  }, 90_000);

  it("refuses a bad start and a callback the PDS did not send, clearly", async () => {
    const noIdentifier = await worker(`/oauth/login?return_to=${encodeURIComponent(devnet.workerUrl)}`, {
      redirect: "manual",
    });
    expect(noIdentifier.status).toBe(400);
    expect(await noIdentifier.json()).toMatchObject({ error: "InvalidRequest" });
    const unknown = await worker(
      `/oauth/login?identifier=nobody-here.test&return_to=${encodeURIComponent(devnet.workerUrl)}`,
      { redirect: "manual" },
    );
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: "HandleNotFound" });
    const forged = await worker("/oauth/callback?code=made-up&state=made-up&iss=http%3A%2F%2Flocalhost", {
      redirect: "manual",
    });
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ error: "SignInFailed" });
    const noSession = await worker("/oauth/session");
    expect(noSession.status).toBe(401);
  });

  it("revokes the grant when the last browser session signs out; signing in again restores writes", async () => {
    const account = await createTestAccount(devnet.pdsUrl);
    const signIn = () =>
      signInToWorker({
        workerUrl: devnet.workerUrl,
        identifier: account.handle,
        password: account.password,
        browser,
      });
    const first = await signIn();
    const second = await signIn();
    const session = (await (await worker("/oauth/session", { headers: bearer(first.token) })).json()) as {
      scope: string;
    };
    expect(session).toMatchObject({ did: account.did, handle: account.handle, canWrite: true });
    expect(session.scope).toContain("repo:net.atrarium.community.config");
    // One of two browser sessions out: the other and service-JWT writes keep working.
    expect((await worker("/oauth/logout", { method: "POST", headers: bearer(first.token) })).status).toBe(
      200,
    );
    expect((await worker("/oauth/session", { headers: bearer(first.token) })).status).toBe(401);
    expect((await createWith(second.token, "still allowed")).status).toBe(200);
    expect((await createWith(await serviceJwt(account, CREATE), "by service JWT")).status).toBe(200);
    // The last one out: the grant is revoked at the PDS and forgotten.
    expect((await worker("/oauth/logout", { method: "POST", headers: bearer(second.token) })).status).toBe(
      200,
    );
    const refused = await createWith(await serviceJwt(account, CREATE), "after sign-out");
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: "OAuthSessionRequired" });
    const again = await signIn();
    expect((await createWith(again.token, "signed in again")).status).toBe(200);
  }, 120_000);
});
