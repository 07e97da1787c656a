// The administrator's official account methods (com.atproto.admin.*) through @atproto/api on a PDS of
// its own (support/admin-stack.ts): each refuses anyone without the admin's Basic credential, and each
// does what the official PDS does to the account, checked from the outside (sessions, PLC, firehose,
// mail received over SMTP). Invite codes: admin-invites.test.ts.
import { AtpAgent } from "@atproto/api";
import { createTestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Frame, subscribeFrames, wsUrlOf } from "./firehose-frames.ts";
import { basicAuth, bearerAuth, type CallOptions, outcome } from "./support/admin-client.ts";
import { type AdminStack, type Member, startAdminStack } from "./support/admin-stack.ts";
import { tokenIn } from "./support/mail.ts";

const UNKNOWN_DID = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa";

describe("com.atproto.admin account methods", () => {
  let s: AdminStack;
  beforeAll(async () => {
    s = await startAdminStack();
  });
  afterAll(async () => {
    await s?.close();
  });

  const admin = () => s.anon().com.atproto.admin;
  const info = async (did: string) => (await admin().getAccountInfo({ did }, s.admin)).data;
  const login = async (identifier: string, password: string) => {
    const agent = new AtpAgent({ service: s.pds.pdsUrl });
    await agent.login({ identifier, password });
    return agent;
  };
  const getSessionStatus = async (accessJwt: string) =>
    (
      await fetch(`${s.pds.pdsUrl}/xrpc/com.atproto.server.getSession`, {
        headers: { authorization: `Bearer ${accessJwt}` },
      })
    ).status;

  // Every method of this file's part of the admin API, aimed at `target`.
  const calls = (target: Member): [string, (opts?: CallOptions) => Promise<unknown>][] => [
    ["getAccountInfo", (o) => admin().getAccountInfo({ did: target.did }, o)],
    ["getAccountInfos", (o) => admin().getAccountInfos({ dids: [target.did] }, o)],
    ["getInviteCodes", (o) => admin().getInviteCodes({}, o)],
    [
      "updateAccountEmail",
      (o) => admin().updateAccountEmail({ account: target.did, email: "x@example.test" }, o),
    ],
    [
      "updateAccountHandle",
      (o) => admin().updateAccountHandle({ did: target.did, handle: "hijack.test" }, o),
    ],
    [
      "updateAccountPassword",
      (o) => admin().updateAccountPassword({ did: target.did, password: "hijack" }, o),
    ],
    ["deleteAccount", (o) => admin().deleteAccount({ did: target.did }, o)],
    ["disableAccountInvites", (o) => admin().disableAccountInvites({ account: target.did }, o)],
    ["enableAccountInvites", (o) => admin().enableAccountInvites({ account: target.did }, o)],
    ["disableInviteCodes", (o) => admin().disableInviteCodes({ accounts: [target.did] }, o)],
    [
      "sendEmail",
      (o) => admin().sendEmail({ recipientDid: target.did, senderDid: target.did, content: "hi" }, o),
    ],
  ];

  it("refuses every method without the admin's credential, with a wrong one and with a user's session", async () => {
    const target = await s.member();
    const user = await s.member();
    const wrong: [string, CallOptions | undefined][] = [
      ["no credential", undefined],
      ["wrong password", basicAuth("admin", "not-the-password")],
      ["wrong user", basicAuth("root", s.adminPassword)],
      ["a user's Bearer token", bearerAuth(user.agent.session?.accessJwt ?? "")],
    ];
    for (const [name, call] of calls(target))
      for (const [how, opts] of wrong)
        expect({ name, how, ...(await outcome(call(opts))) }).toMatchObject({
          name,
          how,
          status: 401,
          error: "AuthenticationRequired",
        });
    // Nothing happened to the account.
    expect(await info(target.did)).toMatchObject({
      handle: target.handle,
      email: target.email,
      invitesDisabled: false,
    });
    await login(target.handle, target.password);
    expect(s.smtp.received.some((m) => m.text?.trim() === "hi")).toBe(false);
  });

  it("getAccountInfo: the official accountView, with inviter, codes and deactivation", async () => {
    const m = await s.member();
    const view = await info(m.did);
    expect(view).toEqual({
      did: m.did,
      handle: m.handle,
      email: m.email,
      indexedAt: expect.any(String),
      invitedBy: expect.objectContaining({
        code: m.inviteCode,
        available: 1,
        disabled: false,
        forAccount: "admin",
        createdBy: "admin",
        uses: [{ usedBy: m.did, usedAt: expect.any(String) }],
      }),
      invites: [],
      invitesDisabled: false,
    });
    const { code } = (
      await s.anon().com.atproto.server.createInviteCode({ useCount: 3, forAccount: m.did }, s.admin)
    ).data;
    await m.agent.com.atproto.server.deactivateAccount({});
    const later = await info(m.did);
    expect(later.invites).toEqual([
      expect.objectContaining({ code, available: 3, forAccount: m.did, uses: [] }),
    ]);
    expect(Date.parse(later.deactivatedAt ?? "")).toBeGreaterThan(0);

    expect(await outcome(admin().getAccountInfo({ did: UNKNOWN_DID }, s.admin))).toMatchObject({
      status: 400,
      error: "NotFound",
    });
    expect(await outcome(admin().getAccountInfo({ did: "not-a-did" }, s.admin))).toMatchObject({
      status: 400,
      error: "InvalidRequest",
    });
  });

  it("getAccountInfos: the accounts that exist, each once", async () => {
    const [a, b] = [await s.member(), await s.member()];
    const { infos } = (await admin().getAccountInfos({ dids: [a.did, UNKNOWN_DID, b.did, a.did] }, s.admin))
      .data;
    expect(infos.map((i) => i.did).sort()).toEqual([a.did, b.did].sort());
    expect(infos.find((i) => i.did === b.did)).toMatchObject({
      handle: b.handle,
      invitedBy: { code: b.inviteCode },
    });
    const noDids = await fetch(`${s.pds.pdsUrl}/xrpc/com.atproto.admin.getAccountInfos`, s.admin);
    expect(noDids.status).toBe(400);
  });

  it("updateAccountEmail: by handle or DID, unconfirmed, old mailed tokens dead; refuses bad or taken addresses", async () => {
    const [m, other] = [await s.member(), await s.member()];
    await m.agent.com.atproto.server.requestEmailConfirmation();
    await m.agent.com.atproto.server.confirmEmail({
      email: m.email,
      token: tokenIn(await s.smtp.nextTo(m.email)),
    });
    await m.agent.com.atproto.server.requestPasswordReset({ email: m.email });
    const resetToken = tokenIn(await s.smtp.nextTo(m.email));
    expect((await info(m.did)).emailConfirmedAt).toBeDefined();

    await admin().updateAccountEmail(
      { account: m.handle, email: `  New-${m.email.toUpperCase()} ` },
      s.admin,
    );
    const view = await info(m.did);
    expect(view.email).toBe(`new-${m.email}`);
    expect(view.emailConfirmedAt).toBeUndefined();
    await login(`new-${m.email}`, m.password);
    expect(
      await outcome(s.anon().com.atproto.server.resetPassword({ token: resetToken, password: "x" })),
    ).toMatchObject({
      status: 400,
      error: "InvalidToken",
    });

    const update = (account: string, email: string) =>
      outcome(admin().updateAccountEmail({ account, email }, s.admin));
    expect(await update(m.did, "not-an-address")).toMatchObject({ status: 400, error: "InvalidRequest" });
    expect(await update(m.did, other.email)).toMatchObject({ status: 400, error: "InvalidRequest" });
    expect(await update(UNKNOWN_DID, "free@example.test")).toMatchObject({
      status: 400,
      error: "InvalidRequest",
    });
    expect((await info(m.did)).email).toBe(`new-${m.email}`);
  });

  it("updateAccountHandle: PLC document, account and #identity, reserved names allowed; refuses taken or invalid ones", async () => {
    const [m, other] = [await s.member(), await s.member()];
    const handle = `a${m.did.slice(-8)}.test`;
    const sub = subscribeFrames(
      wsUrlOf(s.pds.pdsUrl),
      (frames) => identityOf(frames, m.did, handle) !== undefined,
    );
    await sub.opened;
    await admin().updateAccountHandle({ did: m.did, handle: handle.toUpperCase() }, s.admin);
    expect(identityOf(await sub.frames, m.did, handle)).toMatchObject({ did: m.did, handle });
    expect((await info(m.did)).handle).toBe(handle);
    expect((await s.anon().com.atproto.identity.resolveHandle({ handle })).data.did).toBe(m.did);
    const doc = (await (await fetch(`${s.pds.plcUrl}/${m.did}`)).json()) as { alsoKnownAs: string[] };
    expect(doc.alsoKnownAs).toEqual([`at://${handle}`]);

    // A reserved name the account itself could not take.
    expect(await outcome(m.agent.com.atproto.identity.updateHandle({ handle: "nobody.test" }))).toMatchObject(
      {
        status: 400,
        error: "HandleNotAvailable",
      },
    );
    await admin().updateAccountHandle({ did: m.did, handle: "nobody.test" }, s.admin);
    expect((await info(m.did)).handle).toBe("nobody.test");

    const update = (did: string, h: string) =>
      outcome(admin().updateAccountHandle({ did, handle: h }, s.admin));
    expect(await update(m.did, other.handle)).toMatchObject({ status: 400, error: "HandleNotAvailable" });
    expect(await update(m.did, "ab.test")).toMatchObject({ status: 400, error: "InvalidHandle" });
    // A domain outside ours must name the DID (identity-https-names.test.ts); a disallowed TLD is
    // refused without a lookup.
    expect(await update(m.did, "someone.internal")).toMatchObject({
      status: 400,
      error: "InvalidHandle",
    });
    expect(await update(UNKNOWN_DID, "free-name.test")).toMatchObject({
      status: 400,
      error: "InvalidRequest",
    });
    expect(await update(m.did, "not a handle")).toMatchObject({ status: 400, error: "InvalidRequest" });
    expect((await info(other.did)).handle).toBe(other.handle);
  });

  it("updateAccountPassword: the new password signs in, every session (app passwords' too) ends", async () => {
    const m = await s.member();
    const { password: appPassword } = (await m.agent.com.atproto.server.createAppPassword({ name: "client" }))
      .data;
    const appSession = await login(m.handle, appPassword);
    const ownJwt = m.agent.session?.accessJwt ?? "";
    expect(await getSessionStatus(ownJwt)).toBe(200);

    await admin().updateAccountPassword({ did: m.did, password: "brand-new-password" }, s.admin);
    expect(await getSessionStatus(ownJwt)).toBe(401);
    expect(await getSessionStatus(appSession.session?.accessJwt ?? "")).toBe(401);
    expect(await outcome(m.agent.com.atproto.server.refreshSession())).toMatchObject({ status: 401 });
    expect(await outcome(login(m.handle, m.password))).toMatchObject({ status: 401 });
    await login(m.handle, "brand-new-password");
    // App passwords themselves stay, as in the official PDS.
    await login(m.handle, appPassword);

    const update = (did: string, password: string) =>
      outcome(admin().updateAccountPassword({ did, password }, s.admin));
    expect(await update(m.did, "x".repeat(257))).toMatchObject({ status: 400, error: "InvalidRequest" });
    expect(await update(m.did, "")).toMatchObject({ status: 400, error: "InvalidRequest" });
    expect(await update(UNKNOWN_DID, "whatever")).toMatchObject({ status: 400, error: "InvalidRequest" });
    await login(m.handle, "brand-new-password");
  });

  it("deleteAccount: the account, its repo and sessions go, the handle is free, the firehose says deleted", async () => {
    const m = await s.member();
    await m.agent.post({ text: "soon gone", createdAt: new Date().toISOString() });
    const sub = subscribeFrames(wsUrlOf(s.pds.pdsUrl), (frames) =>
      frames.some((f) => f.t === "#account" && f.body.did === m.did && f.body.status === "deleted"),
    );
    await sub.opened;
    await admin().deleteAccount({ did: m.did }, s.admin);
    expect((await sub.frames).find((f) => f.t === "#account" && f.body.did === m.did)?.body).toMatchObject({
      active: false,
      status: "deleted",
    });
    expect(await outcome(admin().getAccountInfo({ did: m.did }, s.admin))).toMatchObject({
      error: "NotFound",
    });
    // The old access token is refused (its account is gone), as after the account's own deletion.
    expect(await getSessionStatus(m.agent.session?.accessJwt ?? "")).toBe(400);
    expect(await outcome(login(m.handle, m.password))).toMatchObject({ status: 401 });
    expect(await outcome(s.anon().com.atproto.sync.getLatestCommit({ did: m.did }))).toMatchObject({
      status: 400,
      error: "RepoNotFound",
    });
    const { code } = (await s.anon().com.atproto.server.createInviteCode({ useCount: 1 }, s.admin)).data;
    const again = await createTestAccount(s.pds.pdsUrl, m.handle.replace(/\.test$/, ""), {
      inviteCode: code,
    });
    expect(again.did).not.toBe(m.did);
    expect(await outcome(admin().deleteAccount({ did: m.did }, s.admin))).toMatchObject({
      status: 400,
      error: "InvalidRequest",
    });
    expect(await outcome(admin().deleteAccount({ did: "nope" }, s.admin))).toMatchObject({ status: 400 });
  });

  it("sendEmail: mails the account's address, subject defaulted; refuses unknown recipients and missing content", async () => {
    const m = await s.member();
    const send = (input: { subject?: string; content: string }) =>
      admin().sendEmail({ recipientDid: m.did, senderDid: "did:example:moderator", ...input }, s.admin);
    expect((await send({ subject: "About your account", content: "Please read the rules." })).data).toEqual({
      sent: true,
    });
    const mail = await s.smtp.nextTo(m.email);
    expect(mail.subject).toBe("About your account");
    expect(mail.text?.trim()).toBe("Please read the rules.");
    expect(mail.from?.text).toContain("pds@example.test");
    await send({ content: "Second note." });
    expect((await s.smtp.nextTo(m.email)).subject).toBe("Message via your PDS");

    expect(
      await outcome(
        admin().sendEmail({ recipientDid: UNKNOWN_DID, senderDid: m.did, content: "x" }, s.admin),
      ),
    ).toMatchObject({ status: 400, error: "InvalidRequest" });
    const noContent = await fetch(`${s.pds.pdsUrl}/xrpc/com.atproto.admin.sendEmail`, {
      method: "POST",
      headers: { ...s.admin.headers, "content-type": "application/json" },
      body: JSON.stringify({ recipientDid: m.did, senderDid: m.did }),
    });
    expect(noContent.status).toBe(400);

    // An account made without an email address has nowhere to be mailed.
    const { code } = (await s.anon().com.atproto.server.createInviteCode({ useCount: 1 }, s.admin)).data;
    const handle = `n${m.did.slice(-8)}.test`;
    const { did } = (await s.anon().createAccount({ handle, password: "pw-no-mail", inviteCode: code })).data;
    expect(
      await outcome(admin().sendEmail({ recipientDid: did, senderDid: m.did, content: "x" }, s.admin)),
    ).toMatchObject({
      status: 400,
      error: "InvalidRequest",
      message: "account does not have an email address",
    });
  });
});

function identityOf(frames: Frame[], did: string, handle: string): Record<string, unknown> | undefined {
  return frames.find((f) => f.t === "#identity" && f.body.did === did && f.body.handle === handle)?.body;
}
