// Admin roles through a running PDS and @atproto/api: the break-glass owner makes administrator
// accounts; each role's credential opens what its role allows and gets 403 Forbidden elsewhere; a
// wrong password or a removed administrator gets 401; the audit log names who called.
import { randomBytes } from "node:crypto";
import { AtpAgent } from "@atproto/api";
import {
  PDS_LEXICON_DOCS,
  type PdsAdminDefsAdminView,
  type PdsAdminGetSessionOutput,
  type PdsAdminListAdminsOutput,
  type PdsAdminListAuditLogOutput,
} from "@atrarium/lexicon";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminAuth, basicAuth, type CallOptions, outcome } from "./support/admin-client.ts";
import { type PrivatePds, startPrivatePds } from "./support/private-pds.ts";

const NS = "net.atrarium.pds.admin";
const ROLES = ["owner", "admin", "moderator", "viewer"] as const;
type Role = (typeof ROLES)[number];

describe("admin roles", () => {
  let pds: PrivatePds;
  let agent: AtpAgent;
  let owner: CallOptions;
  const as: Partial<Record<Role, CallOptions>> = {};
  const users: TestAccount[] = [];
  const call = async <T>(nsid: string, opts: CallOptions, params?: object, input?: object): Promise<T> =>
    (await agent.call(nsid, params as never, input, opts)).data as T;
  const credential = (role: Role) => as[role] as CallOptions;

  beforeAll(async () => {
    const adminPassword = `admin-${randomBytes(8).toString("hex")}`;
    pds = await startPrivatePds({ adminPassword });
    owner = adminAuth(adminPassword);
    agent = new AtpAgent({ service: pds.pdsUrl });
    for (const doc of PDS_LEXICON_DOCS) agent.lex.add(doc);
    for (const role of ROLES) {
      const password = `${role}-${randomBytes(6).toString("hex")}`;
      const made = await call<PdsAdminDefsAdminView>(
        `${NS}.createAdmin`,
        owner,
        {},
        { name: `the-${role}`, role, password },
      );
      expect(made).toMatchObject({ name: `the-${role}`, role });
      as[role] = basicAuth(`the-${role}`, password);
    }
    for (let i = 0; i < 3; i++) users.push(await createTestAccount(pds.pdsUrl));
  }, 60_000);
  afterAll(() => pds?.close());

  const takedown = (did: string, applied: boolean, opts: CallOptions) =>
    agent.com.atproto.admin.updateSubjectStatus(
      {
        subject: { $type: "com.atproto.admin.defs#repoRef", did },
        takedown: { applied, ...(applied ? { ref: "roles-test" } : {}) },
      },
      opts,
    );
  const emitLabel = (did: string, opts: CallOptions) =>
    call(`${NS}.emitLabels`, opts, {}, { uri: did, createLabelVals: ["spam"] });
  const deleteAccount = (did: string, opts: CallOptions) =>
    agent.com.atproto.admin.deleteAccount({ did }, opts);
  const changeRole = (name: string, role: Role, opts: CallOptions) =>
    call(`${NS}.updateAdmin`, opts, {}, { name, role });

  it("tells each credential who it is", async () => {
    expect(await call<PdsAdminGetSessionOutput>(`${NS}.getSession`, owner)).toEqual({
      name: "admin",
      role: "owner",
    });
    for (const role of ROLES)
      expect(await call<PdsAdminGetSessionOutput>(`${NS}.getSession`, credential(role))).toEqual({
        name: `the-${role}`,
        role,
      });
  });

  it("lets the viewer read and nothing more", async () => {
    const viewer = credential("viewer");
    await agent.com.atproto.admin.getAccountInfo({ did: users[0].did }, viewer);
    await call(`${NS}.searchAccounts`, viewer, { q: "" });
    await call(`${NS}.listAuditLog`, viewer);
    await call(`${NS}.getJobs`, viewer);
    const metrics = await fetch(`${pds.pdsUrl}/metrics`, { headers: viewer.headers });
    expect(metrics.status).toBe(200);
    // One call at a time (thunks): each refusal is awaited as it is made.
    for (const refused of [
      () => takedown(users[0].did, true, viewer),
      () => emitLabel(users[0].did, viewer),
      () => deleteAccount(users[0].did, viewer),
      () => call(`${NS}.listAdmins`, viewer),
      () => agent.com.atproto.server.createInviteCode({ useCount: 1 }, viewer),
    ])
      expect(await outcome(refused())).toMatchObject({ status: 403, error: "Forbidden" });
  });

  it("lets the moderator label and take down, not delete accounts or change roles", async () => {
    const moderator = credential("moderator");
    await emitLabel(users[0].did, moderator);
    await takedown(users[0].did, true, moderator);
    const status = await agent.com.atproto.admin.getSubjectStatus({ did: users[0].did }, moderator);
    expect(status.data.takedown).toMatchObject({ applied: true });
    await takedown(users[0].did, false, moderator);
    const refused = await outcome(deleteAccount(users[1].did, moderator));
    expect(refused).toMatchObject({ status: 403, error: "Forbidden" });
    expect(refused.message).toContain("needs the admin role");
    for (const other of [
      () => changeRole("the-viewer", "owner", moderator),
      () =>
        call(
          `${NS}.createAdmin`,
          moderator,
          {},
          { name: "sneaky", role: "owner", password: "sneaky-password" },
        ),
      () =>
        agent.com.atproto.admin.updateAccountPassword({ did: users[1].did, password: "x-y-z" }, moderator),
    ])
      expect(await outcome(other())).toMatchObject({ status: 403, error: "Forbidden" });
    expect(await call<PdsAdminGetSessionOutput>(`${NS}.getSession`, credential("viewer"))).toMatchObject({
      role: "viewer",
    });
  });

  it("lets the admin change accounts but not administrators; the owner account manages them", async () => {
    const admin = credential("admin");
    await agent.com.atproto.server.createInviteCode({ useCount: 1 }, admin);
    await deleteAccount(users[2].did, admin);
    expect(await outcome(call(`${NS}.listAdmins`, admin))).toMatchObject({ status: 403, error: "Forbidden" });
    const { admins } = await call<PdsAdminListAdminsOutput>(`${NS}.listAdmins`, credential("owner"));
    expect(admins.map((a) => [a.name, a.role])).toEqual(ROLES.map((r) => [`the-${r}`, r]).sort());
    expect(JSON.stringify(admins)).not.toContain("scrypt");
  });

  it("refuses a wrong password, the reserved name and a taken one", async () => {
    for (const wrong of [basicAuth("the-moderator", "nope"), basicAuth("nobody", "nope")])
      expect(await outcome(call(`${NS}.getSession`, wrong))).toMatchObject({
        status: 401,
        error: "AuthenticationRequired",
      });
    for (const [name, error] of [
      ["admin", "InvalidName"],
      ["Has Space", "InvalidName"],
      ["the-viewer", "AdminExists"],
    ])
      expect(
        await outcome(
          call(`${NS}.createAdmin`, owner, {}, { name, role: "viewer", password: "long-enough-pw" }),
        ),
        name,
      ).toMatchObject({ status: 400, error });
    // A password shorter than 12 characters is refused by the lexicon.
    expect(
      await outcome(call(`${NS}.createAdmin`, owner, {}, { name: "shorty", role: "viewer", password: "pw" })),
    ).toMatchObject({ status: 400, error: "InvalidRequest" });
    expect(await outcome(changeRole("ghost", "viewer", owner))).toMatchObject({ error: "AdminNotFound" });
  });

  it("names the administrator in the audit log, refused calls too", async () => {
    const moderator = credential("moderator");
    await takedown(users[1].did, true, moderator);
    await outcome(deleteAccount(users[1].did, moderator));
    const { entries } = await call<PdsAdminListAuditLogOutput>(`${NS}.listAuditLog`, owner, { limit: 2 });
    expect(entries).toMatchObject([
      {
        nsid: "com.atproto.admin.deleteAccount",
        status: 403,
        adminName: "the-moderator",
        adminRole: "moderator",
      },
      {
        nsid: "com.atproto.admin.updateSubjectStatus",
        status: 200,
        subject: users[1].did,
        adminName: "the-moderator",
        adminRole: "moderator",
      },
    ]);
  });

  it("applies a role change and a removal to the very next call", async () => {
    const name = "short-lived";
    const password = `pw-${randomBytes(6).toString("hex")}`;
    await call(`${NS}.createAdmin`, owner, {}, { name, role: "moderator", password });
    const mine = basicAuth(name, password);
    await takedown(users[1].did, false, mine);
    await changeRole(name, "viewer", owner);
    expect(await outcome(takedown(users[1].did, true, mine))).toMatchObject({ status: 403 });
    await call(`${NS}.deleteAdmin`, owner, {}, { name });
    expect(await outcome(call(`${NS}.getSession`, mine))).toMatchObject({ status: 401 });
    expect(await outcome(call(`${NS}.deleteAdmin`, owner, {}, { name }))).toMatchObject({
      error: "AdminNotFound",
    });
  });
});
