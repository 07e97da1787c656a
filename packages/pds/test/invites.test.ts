// Invite codes through @atproto/api on a PDS of its own (invites required, an admin password, accounts
// earning a code a day, a clock the test moves): the admin credential, codes the admin makes, sign-ups
// refused without a good code, uses recorded, earned codes over time capped at five, app-password
// sessions refused, and what deleting the inviter or the invitee does to a code.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { AtpAgent } from "@atproto/api";
import { createTestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DevMailer } from "../src/mailer/mailer.ts";
import { adminAuth, basicAuth, outcome } from "./support/admin-client.ts";
import { type PrivatePds, startPrivatePds } from "./support/private-pds.ts";

const DAY = 24 * 60 * 60 * 1000;
const ADMIN_PASSWORD = `admin-${randomBytes(8).toString("hex")}`;
const CODE_FORMAT = /^localhost-[a-z2-7]{5}-[a-z2-7]{5}$/;
const DELETE_TOKEN = /confirmation code is: ([A-Z2-7]{5}-[A-Z2-7]{5})/;

const asAdmin = adminAuth(ADMIN_PASSWORD);

interface Member {
  agent: AtpAgent;
  did: string;
  handle: string;
  password: string;
  email: string;
}

describe("invite codes", () => {
  let stack: PrivatePds;
  let offset = 0;
  const lines: Record<string, unknown>[] = [];
  const anon = () => new AtpAgent({ service: stack.pdsUrl });

  async function signUp(inviteCode?: string, slug = `i${randomBytes(5).toString("hex")}`): Promise<Member> {
    const credentials = {
      handle: `${slug}.test`,
      password: `pw-${randomBytes(6).toString("hex")}`,
      email: `${slug}@example.test`,
    };
    const agent = anon();
    const res = await agent.createAccount({ ...credentials, inviteCode });
    return { ...credentials, agent, did: res.data.did };
  }
  const adminCode = async (useCount: number, forAccount?: string) =>
    (await anon().com.atproto.server.createInviteCode({ useCount, forAccount }, asAdmin)).data.code;
  const codesOf = async (member: Member, params = {}) =>
    (await member.agent.com.atproto.server.getAccountInviteCodes(params)).data.codes;
  const authFailures = async (reason: string) => {
    const text = await (await fetch(`${stack.pdsUrl}/metrics`)).text();
    const line = text.split("\n").find((l) => l.startsWith(`pds_auth_failures_total{reason="${reason}"}`));
    return Number(line?.split(" ").at(-1) ?? Number.NaN);
  };
  async function deleteAccount(member: Member): Promise<void> {
    await member.agent.com.atproto.server.requestAccountDelete();
    const text = (stack.pds.ctx.mailer as DevMailer).lastTo(member.email)?.text ?? "";
    const token = DELETE_TOKEN.exec(text)?.[1];
    if (!token) throw new Error(`no deletion token mailed to ${member.email}`);
    await anon().com.atproto.server.deleteAccount({ did: member.did, password: member.password, token });
  }

  beforeAll(async () => {
    stack = await startPrivatePds(
      {
        inviteRequired: true,
        adminPassword: ADMIN_PASSWORD,
        inviteIntervalMs: DAY,
        inviteEpochMs: 0,
        // Successful admin actions are logged at info.
        logLevel: "info",
      },
      {
        clock: { now: () => Date.now() + offset },
        logDestination: { write: (line: string) => void lines.push(JSON.parse(line)) },
      },
    );
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("says invites are required, and refuses a sign-up without a code or with an unknown one", async () => {
    expect((await anon().com.atproto.server.describeServer()).data.inviteCodeRequired).toBe(true);
    expect(await outcome(signUp())).toEqual({
      status: 400,
      error: "InvalidInviteCode",
      message: "No invite code provided",
    });
    expect(await outcome(signUp("localhost-aaaaa-bbbbb"))).toEqual({
      status: 400,
      error: "InvalidInviteCode",
      message: "Provided invite code not available",
    });
  });

  it("takes only the admin's Basic credential for making codes, counting and logging the refusals", async () => {
    const badBefore = await authFailures("bad-admin-credentials");
    const missingBefore = await authFailures("missing-credentials");
    const create = (opts?: { headers: Record<string, string> }) =>
      outcome(anon().com.atproto.server.createInviteCode({ useCount: 1 }, opts));
    const refused = { status: 401, error: "AuthenticationRequired" };
    expect(await create()).toMatchObject(refused);
    expect(await create(basicAuth("admin", "not-the-password"))).toMatchObject(refused);
    expect(await create(basicAuth("root", ADMIN_PASSWORD))).toMatchObject(refused);
    // A user's session is no admin credential either.
    const user = await signUp(await adminCode(1));
    const asUser = { headers: { authorization: `Bearer ${user.agent.session?.accessJwt}` } };
    expect(await create(asUser)).toMatchObject(refused);
    expect(await authFailures("bad-admin-credentials")).toBe(badBefore + 2);
    expect(await authFailures("missing-credentials")).toBe(missingBefore + 2);

    expect(await adminCode(1)).toMatch(CODE_FORMAT);
    const nsid = "com.atproto.server.createInviteCode";
    expect(lines).toContainEqual(expect.objectContaining({ msg: "admin action", nsid, status: 200 }));
    expect(lines).toContainEqual(expect.objectContaining({ msg: "admin action failed", nsid, status: 401 }));
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain(ADMIN_PASSWORD);
    expect(logged).not.toContain("not-the-password");
  });

  it("signs up once per use and then refuses the used-up code", async () => {
    const code = await adminCode(2);
    const first = await signUp(code);
    const second = await signUp(code);
    expect([first.did, second.did]).toHaveLength(2);
    expect(await outcome(signUp(code))).toMatchObject({ status: 400, error: "InvalidInviteCode" });
  });

  it("lets only one of two concurrent sign-ups have a code's last use, leaving no trace of the other", async () => {
    const code = await adminCode(1);
    const slugs = ["racea", "raceb"].map((p) => `${p}${randomBytes(4).toString("hex")}`);
    const results = await Promise.allSettled(slugs.map((slug) => signUp(code, slug)));
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ status: 400, error: "InvalidInviteCode" });
    // The refused sign-up left no account behind: its handle resolves to nothing and is free again.
    const loser = slugs[results.indexOf(lost)];
    const resolve = (slug: string) =>
      outcome(anon().com.atproto.identity.resolveHandle({ handle: `${slug}.test` }));
    expect(await resolve(slugs[1 - results.indexOf(lost)])).toMatchObject({ status: 200 });
    expect(await resolve(loser)).toMatchObject({ status: 400 });
    expect((await signUp(await adminCode(1), loser)).handle).toBe(`${loser}.test`);
  });

  it("makes batches for accounts, which see the uses of their codes", async () => {
    const alice = await signUp(await adminCode(1));
    const bob = await signUp(await adminCode(1));
    const res = await anon().com.atproto.server.createInviteCodes(
      { codeCount: 2, useCount: 1, forAccounts: [alice.did, bob.did] },
      asAdmin,
    );
    expect(res.data.codes.map((c) => c.account)).toEqual([alice.did, bob.did]);
    for (const { codes } of res.data.codes) {
      expect(codes).toHaveLength(2);
      for (const code of codes) expect(code).toMatch(CODE_FORMAT);
    }
    const [aliceCode, aliceOther] = res.data.codes[0].codes;
    const invitee = await signUp(aliceCode);

    const mine = await codesOf(alice, { createAvailable: false });
    expect(mine.map((c) => c.code).sort()).toEqual([aliceCode, aliceOther].sort());
    expect(mine.find((c) => c.code === aliceCode)).toMatchObject({
      available: 1,
      disabled: false,
      forAccount: alice.did,
      createdBy: "admin",
      uses: [{ usedBy: invitee.did, usedAt: expect.any(String) }],
    });
    const open = await codesOf(alice, { includeUsed: false, createAvailable: false });
    expect(open.map((c) => c.code)).toEqual([aliceOther]);
    expect((await codesOf(bob, { createAvailable: false })).map((c) => c.code).sort()).toEqual(
      [...res.data.codes[1].codes].sort(),
    );
  });

  it("refuses a disabled code", async () => {
    const code = await adminCode(5);
    // disableInviteCodes comes with the admin methods; until then the flag is set where it is kept.
    const db = new DatabaseSync(path.join(stack.dataDir, "pds", "account.sqlite"));
    try {
      db.exec("PRAGMA busy_timeout = 5000");
      db.prepare("UPDATE invite_code SET disabled = 1 WHERE code = ?").run(code);
    } finally {
      db.close();
    }
    expect(await outcome(signUp(code))).toMatchObject({ status: 400, error: "InvalidInviteCode" });
  });

  it("earns an account one code a day, at most five open, minted when it asks", async () => {
    const carol = await signUp(await adminCode(1));
    expect(await codesOf(carol)).toEqual([]);
    offset += DAY + 60_000;
    const afterADay = await codesOf(carol);
    expect(afterADay).toHaveLength(1);
    expect(afterADay[0]).toMatchObject({ available: 1, createdBy: carol.did, forAccount: carol.did });
    expect(afterADay[0].code).toMatch(CODE_FORMAT);
    // Asking again the same day mints nothing more.
    expect(await codesOf(carol)).toHaveLength(1);

    offset += 10 * DAY;
    expect(await codesOf(carol, { createAvailable: false })).toHaveLength(1);
    const capped = await codesOf(carol);
    expect(capped).toHaveLength(5);
    // Using one opens room for one more (eleven days earned, five made so far).
    await signUp(capped[0].code);
    expect(await codesOf(carol, { includeUsed: false })).toHaveLength(5);
    const all = await codesOf(carol);
    expect(all).toHaveLength(6);
    expect(all.find((c) => c.code === capped[0].code)?.uses).toHaveLength(1);
  });

  it("refuses app-password sessions", async () => {
    const dave = await signUp(await adminCode(1));
    const pw = await dave.agent.com.atproto.server.createAppPassword({ name: "phone", privileged: true });
    const app = anon();
    await app.login({ identifier: dave.handle, password: pw.data.password });
    expect(await outcome(app.com.atproto.server.getAccountInviteCodes())).toEqual({
      status: 400,
      error: "InvalidToken",
      message: "Bad token scope",
    });
  });

  it("keeps a code used when its invitee is deleted, and disables codes of a deleted inviter", async () => {
    const erin = await signUp(await adminCode(1));
    const [single, spare] = (
      await anon().com.atproto.server.createInviteCodes(
        { codeCount: 2, useCount: 1, forAccounts: [erin.did] },
        asAdmin,
      )
    ).data.codes[0].codes;
    const invitee = await signUp(single);
    await deleteAccount(invitee);
    expect(await outcome(signUp(single))).toMatchObject({ status: 400, error: "InvalidInviteCode" });
    expect(await codesOf(erin, { includeUsed: false, createAvailable: false })).toEqual([
      expect.objectContaining({ code: spare }),
    ]);

    await deleteAccount(erin);
    expect(await outcome(signUp(spare))).toMatchObject({ status: 400, error: "InvalidInviteCode" });
  });
});

describe("invite codes on the devnet", () => {
  const { pdsUrl } = inject("devnet");

  it("needs no code there, and refuses every admin credential when no admin password is set", async () => {
    const agent = new AtpAgent({ service: pdsUrl });
    expect((await agent.com.atproto.server.describeServer()).data.inviteCodeRequired).toBe(false);
    expect((await createTestAccount(pdsUrl)).did).toMatch(/^did:plc:/);
    for (const password of ["", "admin", "password"]) {
      expect(
        await outcome(
          agent.com.atproto.server.createInviteCode({ useCount: 1 }, basicAuth("admin", password)),
        ),
      ).toMatchObject({ status: 401, error: "AuthenticationRequired" });
    }
  });
});
