// The administrator's invite-code methods (com.atproto.admin.getInviteCodes, disable/enableAccountInvites,
// disableInviteCodes) through @atproto/api on a PDS of its own that requires invites and gives each
// account a code a day (support/admin-stack.ts; its clock is moved instead of waiting). Refusals of
// non-admin callers for these methods too: admin-accounts.test.ts.
import type { ComAtprotoServerDefs } from "@atproto/api";
import { createTestAccount } from "@atrarium/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { outcome } from "./support/admin-client.ts";
import { type AdminStack, DAY, type Member, startAdminStack } from "./support/admin-stack.ts";

type Code = ComAtprotoServerDefs.InviteCode;
const MAX_PAGES = 50;

describe("com.atproto.admin invite methods", () => {
  let s: AdminStack;
  beforeAll(async () => {
    s = await startAdminStack();
  });
  afterAll(async () => {
    await s?.close();
  });
  // Accounts are created at wall-clock time: a later test's new accounts must not have earned codes.
  afterEach(() => s.clock.reset());

  const admin = () => s.anon().com.atproto.admin;
  const adminCode = async (useCount: number, forAccount?: string) =>
    (await s.anon().com.atproto.server.createInviteCode({ useCount, forAccount }, s.admin)).data.code;
  const signUpWith = (inviteCode: string) => createTestAccount(s.pds.pdsUrl, undefined, { inviteCode });
  const ownCodes = async (m: Member) =>
    (await m.agent.com.atproto.server.getAccountInviteCodes({})).data.codes;
  const info = async (did: string) => (await admin().getAccountInfo({ did }, s.admin)).data;

  async function allPages(sort: string, limit: number): Promise<Code[]> {
    const codes: Code[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await admin().getInviteCodes({ sort, limit, cursor }, s.admin);
      expect(res.data.codes.length).toBeLessThanOrEqual(limit);
      codes.push(...res.data.codes);
      cursor = res.data.cursor;
      if (res.data.codes.length < limit || !cursor) return codes;
    }
    throw new Error(`more than ${MAX_PAGES} pages`);
  }

  it("getInviteCodes: every code with its uses, newest or most used first, paged with the official cursor", async () => {
    const busy = await adminCode(3);
    const some = await adminCode(2);
    const unused = await adminCode(1);
    const users = [await signUpWith(busy), await signUpWith(busy), await signUpWith(some)];

    const everything = (await admin().getInviteCodes({ limit: 500 }, s.admin)).data.codes;
    const recent = await allPages("recent", 2);
    expect(recent).toEqual(everything);
    expect(new Set(recent.map((c) => c.code)).size).toBe(recent.length);
    const recentKeys = recent.map((c) => [c.createdAt, c.code].join(" "));
    expect(recentKeys).toEqual([...recentKeys].sort().reverse());
    const mine = recent.filter((c) => [busy, some, unused].includes(c.code)).map((c) => c.code);
    expect(mine).toEqual([unused, some, busy]);
    expect(recent.find((c) => c.code === busy)).toMatchObject({
      available: 3,
      disabled: false,
      forAccount: "admin",
      createdBy: "admin",
      uses: expect.arrayContaining(
        [users[0], users[1]].map((u) => expect.objectContaining({ usedBy: u.did })),
      ),
    });

    const usage = await allPages("usage", 3);
    expect(usage.map((c) => c.code).sort()).toEqual(recent.map((c) => c.code).sort());
    const counts = usage.map((c) => c.uses.length);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(usage.filter((c) => [busy, some, unused].includes(c.code)).map((c) => c.code)).toEqual([
      busy,
      some,
      unused,
    ]);

    const list = (params: { sort?: string; limit?: number; cursor?: string }) =>
      outcome(admin().getInviteCodes(params, s.admin));
    expect(await list({ sort: "oldest" })).toMatchObject({ status: 400, error: "InvalidRequest" });
    expect(await list({ cursor: "yesterday" })).toMatchObject({ status: 400, message: "Malformed cursor" });
    expect(await list({ sort: "usage", cursor: "many__code" })).toMatchObject({ status: 400 });
    expect(await list({ limit: 0 })).toMatchObject({ status: 400, error: "InvalidRequest" });
    expect(await list({ limit: 501 })).toMatchObject({ status: 400, error: "InvalidRequest" });
  });

  it("disable/enableAccountInvites: codes the account earns meanwhile are made disabled; codes given stay", async () => {
    const m = await s.member();
    await admin().disableAccountInvites({ account: m.did, note: "spam wave" }, s.admin);
    expect((await info(m.did)).invitesDisabled).toBe(true);
    const gift = await adminCode(1, m.did);

    s.clock.advance(2 * DAY);
    expect((await ownCodes(m)).map((c) => c.code)).toEqual([gift]);
    const earned = (await info(m.did)).invites?.filter((c) => c.createdBy === m.did) ?? [];
    expect(earned).toHaveLength(2);
    expect(earned.every((c) => c.disabled)).toBe(true);
    expect(await outcome(signUpWith(earned[0]?.code ?? ""))).toMatchObject({
      status: 400,
      error: "InvalidInviteCode",
    });

    await admin().enableAccountInvites({ account: m.did }, s.admin);
    expect((await info(m.did)).invitesDisabled).toBe(false);
    s.clock.advance(DAY);
    const usable = (await ownCodes(m)).filter((c) => c.createdBy === m.did);
    expect(usable).toHaveLength(1);
    await signUpWith(usable[0]?.code ?? "");

    const unknown = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa";
    for (const call of [admin().disableAccountInvites, admin().enableAccountInvites])
      expect(await outcome(call.call(admin(), { account: unknown }, s.admin))).toMatchObject({
        status: 400,
        error: "InvalidRequest",
      });
    expect(await outcome(admin().disableAccountInvites({ account: "not-a-did" }, s.admin))).toMatchObject({
      status: 400,
    });
  });

  it("disableInviteCodes: by code and by account; never the admin's codes as a group", async () => {
    const [m, other] = [await s.member(), await s.member()];
    const single = await adminCode(5);
    const forM = [await adminCode(1, m.did), await adminCode(2, m.did)];
    const forOther = await adminCode(1, other.did);

    await admin().disableInviteCodes({ codes: [single] }, s.admin);
    expect(await outcome(signUpWith(single))).toMatchObject({ status: 400, error: "InvalidInviteCode" });
    const listed = (await admin().getInviteCodes({ limit: 500 }, s.admin)).data.codes;
    expect(listed.find((c) => c.code === single)?.disabled).toBe(true);

    expect((await ownCodes(m)).map((c) => c.code).sort()).toEqual([...forM].sort());
    await admin().disableInviteCodes({ accounts: [m.did] }, s.admin);
    expect(await ownCodes(m)).toEqual([]);
    expect((await info(m.did)).invites?.every((c) => c.disabled)).toBe(true);
    for (const code of forM)
      expect(await outcome(signUpWith(code))).toMatchObject({ status: 400, error: "InvalidInviteCode" });
    // Another account's codes are untouched.
    expect((await ownCodes(other)).map((c) => c.code)).toEqual([forOther]);

    expect(await outcome(admin().disableInviteCodes({ accounts: ["admin"] }, s.admin))).toMatchObject({
      status: 400,
      error: "InvalidRequest",
      message: "cannot disable admin invite codes",
    });
    expect(await outcome(admin().disableInviteCodes({}, s.admin))).toMatchObject({ status: 200 });
    expect(await outcome(signUpWith(await adminCode(1)))).toMatchObject({ status: 200 });
  });
});
