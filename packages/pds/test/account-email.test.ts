// Email confirmation and change, password reset: through @atproto/api against a private PDS that mails
// over SMTP to a real SMTP server in this process (tokens are read from the received mail), with a
// clock the test moves to expire tokens. The dev mailer's outbox is checked against the shared devnet.
import { AtpAgent } from "@atproto/api";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { lastOutboxMailTo, type SmtpSink, startSmtpSink, tokenIn } from "./support/mail.ts";
import { OffsetClock } from "./support/offset-clock.ts";
import { type PrivatePds, startPrivatePds } from "./support/private-pds.ts";

const SIXTEEN_MINUTES = 16 * 60 * 1000;

const getSessionWith = (pdsUrl: string, accessJwt: string) =>
  fetch(`${pdsUrl}/xrpc/com.atproto.server.getSession`, {
    headers: { authorization: `Bearer ${accessJwt}` },
  });

describe("email and password over SMTP", () => {
  let smtp: SmtpSink;
  let stack: PrivatePds;
  const clock = new OffsetClock();
  beforeAll(async () => {
    smtp = await startSmtpSink();
    stack = await startPrivatePds(
      { emailSmtpUrl: smtp.url, emailFromAddress: "pds@example.test" },
      { clock },
    );
  });
  afterAll(async () => {
    await stack?.close();
    await smtp?.close();
  });

  const newAccount = () => createTestAccount(stack.pdsUrl);
  const requestConfirmation = async (acct: TestAccount) => {
    await acct.agent.com.atproto.server.requestEmailConfirmation();
    return tokenIn(await smtp.nextTo(acct.email));
  };
  const confirm = async (acct: TestAccount) =>
    acct.agent.com.atproto.server.confirmEmail({ email: acct.email, token: await requestConfirmation(acct) });

  it("confirms an address with the mailed token, once", async () => {
    const acct = await newAccount();
    expect((await acct.agent.com.atproto.server.getSession()).data.emailConfirmed).toBe(false);

    await acct.agent.com.atproto.server.requestEmailConfirmation();
    const mail = await smtp.nextTo(acct.email);
    expect(mail.subject).toBe("Email Confirmation");
    expect(mail.from?.text).toContain("pds@example.test");
    const token = tokenIn(mail);

    await expect(
      acct.agent.com.atproto.server.confirmEmail({ email: acct.email, token: "AAAAA-BBBBB" }),
    ).rejects.toMatchObject({ status: 400, error: "InvalidToken" });
    await expect(
      acct.agent.com.atproto.server.confirmEmail({ email: "someone-else@example.test", token }),
    ).rejects.toMatchObject({ status: 400, error: "InvalidEmail" });

    // Typed by a person: case does not matter.
    await acct.agent.com.atproto.server.confirmEmail({ email: acct.email, token: token.toLowerCase() });
    expect((await acct.agent.com.atproto.server.getSession()).data.emailConfirmed).toBe(true);
    expect(
      (await acct.agent.login({ identifier: acct.handle, password: acct.password })).data.emailConfirmed,
    ).toBe(true);

    await expect(
      acct.agent.com.atproto.server.confirmEmail({ email: acct.email, token }),
    ).rejects.toMatchObject({
      status: 400,
      error: "InvalidToken",
    });
  });

  it("refuses a confirmation token after 15 minutes", async () => {
    const acct = await newAccount();
    const token = await requestConfirmation(acct);
    clock.advance(SIXTEEN_MINUTES);
    try {
      await expect(
        acct.agent.com.atproto.server.confirmEmail({ email: acct.email, token }),
      ).rejects.toMatchObject({ status: 400, error: "ExpiredToken" });
    } finally {
      clock.reset();
    }
    expect((await acct.agent.com.atproto.server.getSession()).data.emailConfirmed).toBe(false);
  });

  it("changes an unconfirmed address without a token", async () => {
    const acct = await newAccount();
    const res = await acct.agent.com.atproto.server.requestEmailUpdate();
    expect(res.data.tokenRequired).toBe(false);
    const email = `new-${acct.email}`;
    await acct.agent.com.atproto.server.updateEmail({ email });
    const session = await acct.agent.com.atproto.server.getSession();
    expect(session.data).toMatchObject({ email, emailConfirmed: false });
  });

  it("changes a confirmed address only with the token mailed to it, once", async () => {
    const acct = await newAccount();
    const other = await newAccount();
    await confirm(acct);
    await expect(
      acct.agent.com.atproto.server.updateEmail({ email: `changed-${acct.email}` }),
    ).rejects.toMatchObject({ status: 400, error: "TokenRequired" });

    const res = await acct.agent.com.atproto.server.requestEmailUpdate();
    expect(res.data.tokenRequired).toBe(true);
    const mail = await smtp.nextTo(acct.email);
    expect(mail.subject).toBe("Email Update Requested");
    const token = tokenIn(mail);

    await expect(
      acct.agent.com.atproto.server.updateEmail({ email: `changed-${acct.email}`, token: "AAAAA-BBBBB" }),
    ).rejects.toMatchObject({ status: 400, error: "InvalidToken" });
    await expect(
      acct.agent.com.atproto.server.updateEmail({ email: "not an address", token }),
    ).rejects.toMatchObject({
      status: 400,
      error: "InvalidRequest",
    });
    await expect(
      acct.agent.com.atproto.server.updateEmail({ email: other.email, token }),
    ).rejects.toMatchObject({
      status: 400,
      error: "InvalidRequest",
      message: "This email address is already in use, please use a different email.",
    });

    // Refused addresses left the token good.
    const email = `changed-${acct.email}`;
    await acct.agent.com.atproto.server.updateEmail({ email: email.toUpperCase(), token });
    const session = await acct.agent.com.atproto.server.getSession();
    expect(session.data).toMatchObject({ email, emailConfirmed: false });
    // The old address can no longer sign in; the new one can.
    await expect(
      new AtpAgent({ service: stack.pdsUrl }).login({ identifier: acct.email, password: acct.password }),
    ).rejects.toMatchObject({ status: 401 });
    await new AtpAgent({ service: stack.pdsUrl }).login({ identifier: email, password: acct.password });

    // Used: even once the new address is confirmed, the same token does not work again.
    await acct.agent.com.atproto.server.confirmEmail({
      email,
      token: await requestConfirmation({ ...acct, email }),
    });
    await expect(
      acct.agent.com.atproto.server.updateEmail({ email: `third-${acct.email}`, token }),
    ).rejects.toMatchObject({ status: 400, error: "InvalidToken" });
  });

  it("refuses an email update token after 15 minutes", async () => {
    const acct = await newAccount();
    await confirm(acct);
    await acct.agent.com.atproto.server.requestEmailUpdate();
    const token = tokenIn(await smtp.nextTo(acct.email));
    clock.advance(SIXTEEN_MINUTES);
    try {
      await expect(
        acct.agent.com.atproto.server.updateEmail({ email: `late-${acct.email}`, token }),
      ).rejects.toMatchObject({ status: 400, error: "ExpiredToken" });
    } finally {
      clock.reset();
    }
  });

  it("resets a password with the mailed token and ends every session at once", async () => {
    const acct = await newAccount();
    // A second login of the same account, and the first one's tokens as they are now.
    const laptop = new AtpAgent({ service: stack.pdsUrl });
    await laptop.login({ identifier: acct.handle, password: acct.password });
    const before = { ...(acct.agent.session as { accessJwt: string; refreshJwt: string }) };
    expect((await getSessionWith(stack.pdsUrl, before.accessJwt)).status).toBe(200);

    await expect(
      new AtpAgent({ service: stack.pdsUrl }).com.atproto.server.requestPasswordReset({
        email: "nobody@example.test",
      }),
    ).rejects.toMatchObject({ status: 400, error: "InvalidRequest" });
    const anon = new AtpAgent({ service: stack.pdsUrl });
    await anon.com.atproto.server.requestPasswordReset({ email: acct.email.toUpperCase() });
    const mail = await smtp.nextTo(acct.email);
    expect(mail.subject).toBe("Password Reset Requested");
    const token = tokenIn(mail);

    await expect(
      anon.com.atproto.server.resetPassword({ token: "AAAAA-BBBBB", password: "new-password-1" }),
    ).rejects.toMatchObject({ status: 400, error: "InvalidToken" });
    await expect(
      anon.com.atproto.server.resetPassword({ token, password: "x".repeat(257) }),
    ).rejects.toMatchObject({ status: 400, error: "InvalidRequest" });

    await anon.com.atproto.server.resetPassword({ token, password: "new-password-1" });

    // Access tokens stop on the next request; refresh tokens are gone.
    const refused = await getSessionWith(stack.pdsUrl, before.accessJwt);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: "InvalidToken", message: "Token has been revoked" });
    const laptopAccess = laptop.session?.accessJwt as string;
    expect((await getSessionWith(stack.pdsUrl, laptopAccess)).status).toBe(401);
    const refresh = await fetch(`${stack.pdsUrl}/xrpc/com.atproto.server.refreshSession`, {
      method: "POST",
      headers: { authorization: `Bearer ${before.refreshJwt}` },
    });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toMatchObject({ error: "ExpiredToken" });

    await expect(
      new AtpAgent({ service: stack.pdsUrl }).login({ identifier: acct.handle, password: acct.password }),
    ).rejects.toMatchObject({ status: 401 });
    const fresh = new AtpAgent({ service: stack.pdsUrl });
    await fresh.login({ identifier: acct.handle, password: "new-password-1" });
    expect((await fresh.com.atproto.server.getSession()).data.did).toBe(acct.did);

    await expect(
      anon.com.atproto.server.resetPassword({ token, password: "new-password-2" }),
    ).rejects.toMatchObject({
      status: 400,
      error: "InvalidToken",
    });
  });

  it("refuses a password reset token after 15 minutes", async () => {
    const acct = await newAccount();
    const anon = new AtpAgent({ service: stack.pdsUrl });
    await anon.com.atproto.server.requestPasswordReset({ email: acct.email });
    const token = tokenIn(await smtp.nextTo(acct.email));
    clock.advance(SIXTEEN_MINUTES);
    try {
      await expect(
        anon.com.atproto.server.resetPassword({ token, password: "too-late" }),
      ).rejects.toMatchObject({
        status: 400,
        error: "ExpiredToken",
      });
    } finally {
      clock.reset();
    }
    await anon.login({ identifier: acct.handle, password: acct.password });
  });
});

describe("without SMTP (the shared devnet)", () => {
  const { pdsUrl, pdsMailOutboxDir } = inject("devnet");

  it("writes each message to the dev outbox directory as an .eml file", async () => {
    const acct = await createTestAccount(pdsUrl);
    await acct.agent.com.atproto.server.requestEmailConfirmation();
    const mail = await lastOutboxMailTo(pdsMailOutboxDir, acct.email);
    expect(mail.subject).toBe("Email Confirmation");
    await acct.agent.com.atproto.server.confirmEmail({ email: acct.email, token: tokenIn(mail) });
    expect((await acct.agent.com.atproto.server.getSession()).data.emailConfirmed).toBe(true);
  });
});
