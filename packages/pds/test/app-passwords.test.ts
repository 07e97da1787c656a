// App passwords through @atproto/api: creating, listing and revoking them; what a session made with one
// may not do (each full-access method, one by one); who may reach the privileged services; and
// revocation ending its sessions on the very next request, also across a restart of the PDS.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AtpAgent } from "@atproto/api";
import { createPlcServer } from "@atrarium/plc";
import { createTestAccount, freePorts, type TestAccount } from "@atrarium/testkit";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createPds } from "../src/index.ts";

const BAD_SCOPE = { status: 400, error: "InvalidToken", message: "Bad token scope" };
const BAD_METHOD = { status: 400, error: "InvalidToken", message: "Bad token method" };
// A chat service nobody runs: a call that passes the scope gate then fails on resolving it.
const CHAT_SERVICE = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa";

const xrpc = (pdsUrl: string, nsid: string, accessJwt: string, init: RequestInit = {}) =>
  fetch(`${pdsUrl}/xrpc/${nsid}`, {
    ...init,
    headers: { authorization: `Bearer ${accessJwt}`, ...init.headers },
  });

// After a restart the client may still hold a keep-alive socket to the old server: the first request
// on it fails. Wait (bounded) until the new server answers.
async function answering(pdsUrl: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (let attempt = 0; attempt < 50; attempt++) {
    const ok = await fetch(`${pdsUrl}/xrpc/_health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) break;
  }
  throw new Error(`${pdsUrl} did not answer after the restart`);
}

async function loginWith(pdsUrl: string, identifier: string, password: string): Promise<AtpAgent> {
  const agent = new AtpAgent({ service: pdsUrl });
  await agent.login({ identifier, password });
  return agent;
}

describe("app passwords", () => {
  const { pdsUrl } = inject("devnet");
  let owner: TestAccount;
  let app: AtpAgent;
  let privileged: AtpAgent;
  beforeAll(async () => {
    owner = await createTestAccount(pdsUrl);
    const plain = await owner.agent.com.atproto.server.createAppPassword({ name: "plain" });
    const priv = await owner.agent.com.atproto.server.createAppPassword({
      name: "trusted",
      privileged: true,
    });
    app = await loginWith(pdsUrl, owner.handle, plain.data.password);
    privileged = await loginWith(pdsUrl, owner.handle, priv.data.password);
  });

  it("creates one in the official format, shown once, and lists it without the password", async () => {
    const acct = await createTestAccount(pdsUrl);
    const first = await acct.agent.com.atproto.server.createAppPassword({ name: "first" });
    expect(first.data).toMatchObject({ name: "first", privileged: false });
    expect(first.data.password).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/);
    const second = await acct.agent.com.atproto.server.createAppPassword({
      name: "second",
      privileged: true,
    });
    expect(second.data.privileged).toBe(true);
    await expect(acct.agent.com.atproto.server.createAppPassword({ name: "first" })).rejects.toMatchObject({
      status: 400,
      error: "InvalidRequest",
    });

    const list = await acct.agent.com.atproto.server.listAppPasswords();
    expect(list.data.passwords.map((p) => [p.name, p.privileged])).toEqual(
      expect.arrayContaining([
        ["first", false],
        ["second", true],
      ]),
    );
    expect(list.data.passwords).toHaveLength(2);
    expect(JSON.stringify(list.data)).not.toContain(first.data.password);
  });

  it("signs in with an app password to a session that can do ordinary work", async () => {
    const session = await app.com.atproto.server.getSession();
    expect(session.data.did).toBe(owner.did);
    const post = await app.com.atproto.repo.createRecord({
      repo: owner.did,
      collection: "app.bsky.feed.post",
      record: {
        $type: "app.bsky.feed.post",
        text: "from a third-party client",
        createdAt: new Date().toISOString(),
      },
    });
    expect(post.data.uri).toContain(owner.did);
    const list = await app.com.atproto.server.listAppPasswords();
    expect(list.data.passwords.map((p) => p.name).sort()).toEqual(["plain", "trusted"]);
  });

  it("refuses an app-password session each full-access method, one by one", async () => {
    const calls: [string, (a: AtpAgent) => Promise<unknown>][] = [
      ["createAppPassword", (a) => a.com.atproto.server.createAppPassword({ name: "another" })],
      ["requestEmailUpdate", (a) => a.com.atproto.server.requestEmailUpdate()],
      ["updateEmail", (a) => a.com.atproto.server.updateEmail({ email: "stolen@example.test" })],
      ["requestAccountDelete", (a) => a.com.atproto.server.requestAccountDelete()],
      ["requestPlcOperationSignature", (a) => a.com.atproto.identity.requestPlcOperationSignature()],
      ["signPlcOperation", (a) => a.com.atproto.identity.signPlcOperation({ token: "AAAAA-BBBBB" })],
      ["deactivateAccount", (a) => a.com.atproto.server.deactivateAccount({})],
      ["activateAccount", (a) => a.com.atproto.server.activateAccount()],
      [
        "importRepo",
        (a) => a.com.atproto.repo.importRepo(new Uint8Array([0]), { encoding: "application/vnd.ipld.car" }),
      ],
    ];
    for (const agent of [app, privileged]) {
      for (const [name, call] of calls) {
        await expect(call(agent), name).rejects.toMatchObject(BAD_SCOPE);
      }
    }
    // Nothing happened: the account is still active and its email unchanged.
    const session = await owner.agent.com.atproto.server.getSession();
    expect(session.data).toMatchObject({ active: true, email: owner.email });
    // The same first call passes the scope check with the account password's session.
    const made = await owner.agent.com.atproto.server.createAppPassword({ name: "control" });
    expect(made.data.name).toBe("control");
    await owner.agent.com.atproto.server.revokeAppPassword({ name: "control" });
  });

  it("keeps the app-password scope across refreshes", async () => {
    const plain = await owner.agent.com.atproto.server.createAppPassword({ name: "refreshing" });
    const agent = await loginWith(pdsUrl, owner.handle, plain.data.password);
    const res = await xrpc(pdsUrl, "com.atproto.server.refreshSession", agent.session?.refreshJwt as string, {
      method: "POST",
    });
    expect(res.status).toBe(200);
    const refreshed = (await res.json()) as { accessJwt: string };
    const attempt = await xrpc(pdsUrl, "com.atproto.server.createAppPassword", refreshed.accessJwt, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "escalated" }),
    });
    expect(attempt.status).toBe(400);
    expect(await attempt.json()).toMatchObject({ error: "InvalidToken", message: "Bad token scope" });
    expect((await xrpc(pdsUrl, "com.atproto.server.getSession", refreshed.accessJwt)).status).toBe(200);
  });

  it("gives service auth for privileged methods only to full and privileged sessions", async () => {
    const aud = CHAT_SERVICE;
    for (const lxm of [
      "chat.bsky.convo.listConvos",
      "com.atproto.server.createAccount",
      "com.atproto.server.createaccount",
    ]) {
      await expect(app.com.atproto.server.getServiceAuth({ aud, lxm }), lxm).rejects.toMatchObject({
        status: 400,
        error: "InvalidRequest",
        message: expect.stringContaining("insufficient access to request a service auth token"),
      });
      expect((await privileged.com.atproto.server.getServiceAuth({ aud, lxm })).data.token).toBeTruthy();
      expect((await owner.agent.com.atproto.server.getServiceAuth({ aud, lxm })).data.token).toBeTruthy();
    }
    expect(
      (await app.com.atproto.server.getServiceAuth({ aud, lxm: "app.bsky.feed.getTimeline" })).data.token,
    ).toBeTruthy();
  });

  it("gives nobody service auth for the protected account-management methods", async () => {
    const protectedMethods = [
      "com.atproto.server.createAppPassword",
      "com.atproto.server.updateEmail",
      "com.atproto.server.requestAccountDelete",
      "com.atproto.identity.signPlcOperation",
      "com.atproto.server.deactivateAccount",
      "com.atproto.server.getAccountInviteCodes",
    ];
    for (const agent of [owner.agent, privileged, app]) {
      for (const lxm of protectedMethods) {
        await expect(
          agent.com.atproto.server.getServiceAuth({ aud: CHAT_SERVICE, lxm }),
          lxm,
        ).rejects.toMatchObject({
          status: 400,
          message: expect.stringMatching(/protected method|insufficient access/),
        });
      }
    }
    await expect(
      owner.agent.com.atproto.server.getServiceAuth({
        aud: CHAT_SERVICE,
        lxm: "com.atproto.server.updateemail",
      }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining("protected method") });
  });

  it("proxies privileged methods only for full and privileged sessions, protected ones for nobody", async () => {
    const chatFor = (agent: AtpAgent) =>
      agent.withProxy("bsky_chat", CHAT_SERVICE).chat.bsky.convo.listConvos();
    await expect(chatFor(app)).rejects.toMatchObject(BAD_METHOD);
    // Past the scope gate, these fail only on the chat service nobody runs.
    for (const agent of [privileged, owner.agent]) {
      const err = await chatFor(agent).catch((e: unknown) => e);
      expect(err).toMatchObject({
        status: 400,
        error: "InvalidRequest",
        message: "could not resolve proxy did",
      });
    }
    for (const agent of [owner.agent, privileged, app]) {
      // A protected method is never proxied. Every one is now served here (and a method served here is
      // answered here whatever atproto-proxy says), but a case variant of its name is not, so it reaches
      // the proxy, which matches protected methods case-insensitively as the official PDS does.
      const res = await xrpc(pdsUrl, "com.atproto.admin.sendEMAIL", agent.session?.accessJwt as string, {
        method: "POST",
        headers: { "atproto-proxy": `${CHAT_SERVICE}#bsky_chat`, "content-type": "application/json" },
        body: JSON.stringify({ recipientDid: owner.did, content: "hello", senderDid: owner.did }),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: "InvalidToken", message: "Bad token method" });
    }
  });

  it("revoking one ends its sessions on the next request and leaves the others", async () => {
    const acct = await createTestAccount(pdsUrl);
    const doomed = await acct.agent.com.atproto.server.createAppPassword({ name: "doomed" });
    const kept = await acct.agent.com.atproto.server.createAppPassword({ name: "kept" });
    const doomedAgent = await loginWith(pdsUrl, acct.handle, doomed.data.password);
    const keptAgent = await loginWith(pdsUrl, acct.handle, kept.data.password);
    const { accessJwt, refreshJwt } = doomedAgent.session as { accessJwt: string; refreshJwt: string };
    expect((await xrpc(pdsUrl, "com.atproto.server.getSession", accessJwt)).status).toBe(200);

    await acct.agent.com.atproto.server.revokeAppPassword({ name: "doomed" });

    const write = await xrpc(pdsUrl, "com.atproto.repo.createRecord", accessJwt, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        repo: acct.did,
        collection: "app.bsky.feed.post",
        record: {
          $type: "app.bsky.feed.post",
          text: "after revocation",
          createdAt: new Date().toISOString(),
        },
      }),
    });
    expect(write.status).toBe(401);
    expect(await write.json()).toMatchObject({ error: "InvalidToken", message: "Token has been revoked" });
    const refresh = await xrpc(pdsUrl, "com.atproto.server.refreshSession", refreshJwt, { method: "POST" });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toMatchObject({ error: "ExpiredToken", message: "Token has been revoked" });
    await expect(loginWith(pdsUrl, acct.handle, doomed.data.password)).rejects.toMatchObject({
      status: 401,
      message: "Invalid identifier or password",
    });
    const list = await acct.agent.com.atproto.server.listAppPasswords();
    expect(list.data.passwords.map((p) => p.name)).toEqual(["kept"]);

    // The other app password's session and the account password's session go on.
    expect((await keptAgent.com.atproto.server.getSession()).data.did).toBe(acct.did);
    expect((await acct.agent.com.atproto.server.getSession()).data.did).toBe(acct.did);
    // An app-password session may revoke app passwords too, even its own.
    await keptAgent.com.atproto.server.revokeAppPassword({ name: "kept" });
    await expect(keptAgent.com.atproto.server.getSession()).rejects.toMatchObject({
      status: 401,
      error: "InvalidToken",
    });
  });
});

describe("revocation across a restart", () => {
  it("keeps a revoked app password's access tokens refused after the PDS restarts", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "aurora-locus-apppw-"));
    const plc = await createPlcServer({ dbPath: path.join(dir, "plc.sqlite"), port: 0, host: "127.0.0.1" });
    // A fixed port: the service DID (and so every token's audience) follows it.
    const [port] = await freePorts(1);
    const start = () =>
      createPds(
        { port, dataDir: path.join(dir, "pds"), plcUrl: plc.url, logLevel: "warn", inviteRequired: false },
        { PDS_BIND_HOST: "127.0.0.1" },
      );
    let pds = await start();
    try {
      const acct = await createTestAccount(pds.url);
      const pw = await acct.agent.com.atproto.server.createAppPassword({ name: "laptop" });
      const laptop = await loginWith(pds.url, acct.handle, pw.data.password);
      const accessJwt = laptop.session?.accessJwt as string;
      await acct.agent.com.atproto.server.revokeAppPassword({ name: "laptop" });
      expect((await xrpc(pds.url, "com.atproto.server.getSession", accessJwt)).status).toBe(401);

      await pds.close();
      pds = await start();
      await answering(pds.url);

      const res = await xrpc(pds.url, "com.atproto.server.getSession", accessJwt);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: "InvalidToken", message: "Token has been revoked" });
      // The account password's session survived the restart.
      expect(
        (await xrpc(pds.url, "com.atproto.server.getSession", acct.agent.session?.accessJwt as string))
          .status,
      ).toBe(200);
    } finally {
      await pds.close();
      await plc.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
