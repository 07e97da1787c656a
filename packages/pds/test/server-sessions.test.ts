import { AtpAgent } from "@atproto/api";
import { createTestAccount } from "@atrarium/testkit";
import { describe, expect, inject, it } from "vitest";

const { pdsUrl } = inject("devnet");

describe("com.atproto.server sessions", () => {
  it("describes the server with the .test handle domain", async () => {
    const agent = new AtpAgent({ service: pdsUrl });
    const res = await agent.com.atproto.server.describeServer();
    expect(res.data.availableUserDomains).toEqual([".test"]);
    expect(res.data.did).toMatch(/^did:web:/);
  });

  it("creates an account with a did:plc and a session", async () => {
    const acct = await createTestAccount(pdsUrl);
    expect(acct.did).toMatch(/^did:plc:[a-z2-7]{24}$/);
    expect(acct.agent.session?.handle).toBe(acct.handle);
    const me = await acct.agent.com.atproto.server.getSession();
    expect(me.data).toMatchObject({ did: acct.did, handle: acct.handle, email: acct.email, active: true });
  });

  it("refuses a taken handle and an invalid handle", async () => {
    const acct = await createTestAccount(pdsUrl);
    const agent = new AtpAgent({ service: pdsUrl });
    await expect(agent.createAccount({ handle: acct.handle, password: "x1234567" })).rejects.toMatchObject({
      status: 400,
      error: "HandleNotAvailable",
    });
    await expect(
      agent.createAccount({ handle: "bad_handle!.test", password: "x1234567" }),
    ).rejects.toMatchObject({
      status: 400,
    });
    await expect(
      agent.createAccount({ handle: "someone.example.com", password: "x1234567" }),
    ).rejects.toMatchObject({
      status: 400,
      error: "UnsupportedDomain",
    });
  });

  it("logs in by handle and by email, and rejects a wrong password", async () => {
    const acct = await createTestAccount(pdsUrl);
    const byHandle = new AtpAgent({ service: pdsUrl });
    await byHandle.login({ identifier: acct.handle, password: acct.password });
    expect(byHandle.session?.did).toBe(acct.did);
    const byEmail = new AtpAgent({ service: pdsUrl });
    await byEmail.login({ identifier: acct.email, password: acct.password });
    expect(byEmail.session?.did).toBe(acct.did);
    const wrong = new AtpAgent({ service: pdsUrl });
    await expect(wrong.login({ identifier: acct.handle, password: "not-it" })).rejects.toMatchObject({
      status: 401,
      error: "AuthenticationRequired",
    });
  });

  it("rotates refresh tokens: a reuse within the grace period answers the same next token", async () => {
    const acct = await createTestAccount(pdsUrl);
    const oldRefresh = acct.agent.session?.refreshJwt as string;
    const refreshed = await fetch(`${pdsUrl}/xrpc/com.atproto.server.refreshSession`, {
      method: "POST",
      headers: { authorization: `Bearer ${oldRefresh}` },
    });
    expect(refreshed.status).toBe(200);
    const body = (await refreshed.json()) as { accessJwt: string; refreshJwt: string; did: string };
    expect(body.did).toBe(acct.did);
    const again = await fetch(`${pdsUrl}/xrpc/com.atproto.server.refreshSession`, {
      method: "POST",
      headers: { authorization: `Bearer ${oldRefresh}` },
    });
    // (Past the grace period the old token answers ExpiredToken: test/remaining-methods.test.ts.)
    expect(again.status).toBe(200);
    const jti = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString()).jti;
    expect(jti(((await again.json()) as { refreshJwt: string }).refreshJwt)).toBe(jti(body.refreshJwt));
    const session = await fetch(`${pdsUrl}/xrpc/com.atproto.server.getSession`, {
      headers: { authorization: `Bearer ${body.accessJwt}` },
    });
    expect(session.status).toBe(200);
  });

  it("deleteSession revokes the refresh token", async () => {
    const acct = await createTestAccount(pdsUrl);
    const refresh = acct.agent.session?.refreshJwt as string;
    await acct.agent.logout();
    const res = await fetch(`${pdsUrl}/xrpc/com.atproto.server.refreshSession`, {
      method: "POST",
      headers: { authorization: `Bearer ${refresh}` },
    });
    expect(res.status).toBe(400);
  });

  it("an access token is not a refresh token and vice versa", async () => {
    const acct = await createTestAccount(pdsUrl);
    const { accessJwt, refreshJwt } = acct.agent.session as { accessJwt: string; refreshJwt: string };
    const asRefresh = await fetch(`${pdsUrl}/xrpc/com.atproto.server.refreshSession`, {
      method: "POST",
      headers: { authorization: `Bearer ${accessJwt}` },
    });
    expect(asRefresh.status).toBe(401);
    const asAccess = await fetch(`${pdsUrl}/xrpc/com.atproto.server.getSession`, {
      headers: { authorization: `Bearer ${refreshJwt}` },
    });
    expect(asAccess.status).toBe(401);
  });
});
