// Our own administration methods (net.atrarium.pds.admin.*) through @atproto/api on PDSes of their own
// with an admin password: account search, server stats, the audit log of every call presenting
// credentials to an admin method, and the local moderation queue. The agent knows our lexicons, so it
// also checks every answer against them.
import { randomBytes } from "node:crypto";
import { AtpAgent } from "@atproto/api";
import {
  PDS_LEXICON_DOCS,
  type PdsAdminGetServerStatsOutput,
  type PdsAdminListAuditLogOutput,
  type PdsAdminListReportsOutput,
  type PdsAdminResolveReportOutput,
  type PdsAdminSearchAccountsOutput,
} from "@atrarium/lexicon";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { imagePost, pngBytes } from "./blob-fixtures.ts";
import { subscribeFrames, wsUrlOf } from "./firehose-frames.ts";
import { adminAuth, basicAuth, bearerAuth, type CallOptions, outcome } from "./support/admin-client.ts";
import { type PrivatePds, startPrivatePds } from "./support/private-pds.ts";

const NS = "net.atrarium.pds.admin";

interface Outputs {
  searchAccounts: PdsAdminSearchAccountsOutput;
  getServerStats: PdsAdminGetServerStatsOutput;
  listAuditLog: PdsAdminListAuditLogOutput;
  listReports: PdsAdminListReportsOutput;
  resolveReport: PdsAdminResolveReportOutput;
}
type Method = keyof Outputs;

interface AdminPds {
  pds: PrivatePds;
  admin: CallOptions;
  /** Calls one of our admin methods (query params or procedure input) and returns the answer's body. */
  call: <N extends Method>(
    name: N,
    params?: object,
    input?: object,
    opts?: CallOptions,
  ) => Promise<Outputs[N]>;
}

async function startAdminPds(): Promise<AdminPds> {
  const adminPassword = `admin-${randomBytes(8).toString("hex")}`;
  const pds = await startPrivatePds({ adminPassword });
  const admin = adminAuth(adminPassword);
  const agent = new AtpAgent({ service: pds.pdsUrl });
  for (const doc of PDS_LEXICON_DOCS) agent.lex.add(doc);
  return {
    pds,
    admin,
    call: async (name, params, input, opts = admin) =>
      (await agent.call(`${NS}.${name}`, params as never, input, opts)).data as never,
  };
}

async function takeDown(pdsUrl: string, admin: CallOptions, did: string): Promise<void> {
  await new AtpAgent({ service: pdsUrl }).com.atproto.admin.updateSubjectStatus(
    { subject: { $type: "com.atproto.admin.defs#repoRef", did }, takedown: { applied: true, ref: "test" } },
    admin,
  );
}

// Every method with valid arguments, for the refusal checks.
const METHODS: [Method, object | undefined, object | undefined][] = [
  ["searchAccounts", {}, undefined],
  ["getServerStats", {}, undefined],
  ["listAuditLog", {}, undefined],
  ["listReports", {}, undefined],
  ["resolveReport", undefined, { id: 1, note: "done" }],
];

describe("net.atrarium.pds.admin.getServerStats", () => {
  let s: AdminPds;
  beforeAll(async () => {
    s = await startAdminPds();
  });
  afterAll(async () => {
    await s?.pds.close();
  });

  it("counts accounts by status, records, blobs and the firehose's subscribers and head", async () => {
    const alice = await createTestAccount(s.pds.pdsUrl);
    const bob = await createTestAccount(s.pds.pdsUrl);
    await createTestAccount(s.pds.pdsUrl);
    await takeDown(s.pds.pdsUrl, s.admin, (await createTestAccount(s.pds.pdsUrl)).did);
    const png = pngBytes(300);
    const { blob } = (await alice.agent.com.atproto.repo.uploadBlob(png, { encoding: "image/png" })).data;
    await alice.agent.com.atproto.repo.createRecord({
      repo: alice.did,
      collection: "app.bsky.feed.post",
      record: imagePost("with image", blob),
    });
    for (const text of ["one", "two"]) {
      await bob.agent.com.atproto.repo.createRecord({
        repo: bob.did,
        collection: "app.bsky.feed.post",
        record: { $type: "app.bsky.feed.post", text, createdAt: new Date().toISOString() },
      });
    }
    await bob.agent.com.atproto.server.deactivateAccount({});
    // A subscriber that stays open until the next event after the stats call.
    const sub = subscribeFrames(wsUrlOf(s.pds.pdsUrl), (frames) => frames.length >= 1);
    await sub.opened;

    const stats = await s.call("getServerStats");
    expect(stats).toEqual({
      accounts: { total: 4, active: 2, deactivated: 1, takendown: 1 },
      records: 3,
      blobs: { count: 1, bytes: png.byteLength },
      firehose: { subscribers: 1, lastSeq: await s.pds.pds.ctx.sequencer.lastSeq() },
      version: "aurora-locus/0.1.0",
      contentCountedAt: expect.any(String),
    });
    expect(stats.firehose.lastSeq).toBeGreaterThan(0);

    await alice.agent.com.atproto.repo.createRecord({
      repo: alice.did,
      collection: "app.bsky.feed.post",
      record: {
        $type: "app.bsky.feed.post",
        text: "wakes the subscriber",
        createdAt: new Date().toISOString(),
      },
    });
    expect((await sub.frames).length).toBe(1);
  });
});

describe("net.atrarium.pds.admin.* (search, audit log, reports)", () => {
  let s: AdminPds;
  let users: TestAccount[];
  beforeAll(async () => {
    s = await startAdminPds();
    users = [];
    for (const name of ["zeta-one", "zeta-two", "other-three"]) {
      users.push(await createTestAccount(s.pds.pdsUrl, `${name}-${randomBytes(3).toString("hex")}`));
    }
  });
  afterAll(async () => {
    await s?.pds.close();
  });

  it.each(METHODS)("%s refuses callers without the admin credential", async (name, params, input) => {
    const user = users[0];
    const attempts: (CallOptions | undefined)[] = [
      { headers: {} },
      bearerAuth(user.agent.session?.accessJwt as string),
      basicAuth("admin", "not-the-password"),
      basicAuth(user.handle, user.password),
    ];
    for (const opts of attempts) {
      expect(await outcome(s.call(name, params, input, opts))).toMatchObject({
        status: 401,
        error: "AuthenticationRequired",
      });
    }
  });

  describe("searchAccounts", () => {
    const handles = (out: PdsAdminSearchAccountsOutput) => out.accounts.map((a) => a.handle);

    it("finds accounts by handle or email substring and by DID prefix, with their status", async () => {
      const byHandle = await s.call("searchAccounts", { q: "ZETA-" });
      expect(handles(byHandle).sort()).toEqual([users[0].handle, users[1].handle].sort());
      // Each as getAccountInfo shows it, plus its status.
      expect(byHandle.accounts[0]).toMatchObject({
        status: "active",
        indexedAt: expect.any(String),
        invites: [],
        invitesDisabled: false,
      });

      const byEmail = await s.call("searchAccounts", { q: users[2].email });
      expect(byEmail.accounts).toEqual([
        expect.objectContaining({ did: users[2].did, handle: users[2].handle, email: users[2].email }),
      ]);

      const byDid = await s.call("searchAccounts", { q: users[1].did });
      expect(handles(byDid)).toEqual([users[1].handle]);
      // A DID matches only from its start; LIKE wildcards in the query are taken literally.
      expect((await s.call("searchAccounts", { q: users[1].did.slice(8) })).accounts).toEqual([]);
      expect((await s.call("searchAccounts", { q: "%" })).accounts).toEqual([]);
    });

    it("shows a deactivated account as such", async () => {
      const user = await createTestAccount(s.pds.pdsUrl);
      await user.agent.com.atproto.server.deactivateAccount({});
      const out = await s.call("searchAccounts", { q: user.handle });
      expect(out.accounts).toEqual([
        expect.objectContaining({ did: user.did, status: "deactivated", deactivatedAt: expect.any(String) }),
      ]);
    });

    it("shows a taken-down account as such", async () => {
      const user = await createTestAccount(s.pds.pdsUrl);
      await takeDown(s.pds.pdsUrl, s.admin, user.did);
      const out = await s.call("searchAccounts", { q: user.did });
      expect(out.accounts).toEqual([expect.objectContaining({ did: user.did, status: "takendown" })]);
    });

    it("pages through every account by cursor", async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const out = await s.call("searchAccounts", { limit: 1, ...(cursor ? { cursor } : {}) });
        seen.push(...out.accounts.map((a: { did: string }) => a.did));
        cursor = out.cursor;
        if (!cursor) break;
      }
      const all = (await s.call("searchAccounts", {})).accounts.map((a: { did: string }) => a.did);
      expect(seen).toEqual(all);
      expect(all.length).toBeGreaterThanOrEqual(users.length);
    });

    it("refuses a limit out of range", async () => {
      for (const limit of [0, 101]) {
        expect(await outcome(s.call("searchAccounts", { limit }))).toMatchObject({
          status: 400,
          error: "InvalidRequest",
        });
      }
    });
  });

  describe("listAuditLog", () => {
    it("records calls of other admin methods with their subject, and refused attempts", async () => {
      const target = users[1];
      const agent = new AtpAgent({ service: s.pds.pdsUrl });
      const made = await agent.com.atproto.server.createInviteCode(
        { useCount: 1, forAccount: target.did },
        s.admin,
      );
      expect(made.data.code).toEqual(expect.any(String));
      const refused = await outcome(
        agent.com.atproto.server.createInviteCode({ useCount: 1 }, basicAuth("admin", "guess")),
      );
      expect(refused.status).toBe(401);
      // No credentials at all: logged by the server, not kept in the audit log.
      await outcome(agent.com.atproto.server.createInviteCode({ useCount: 1 }));

      const { entries } = await s.call("listAuditLog", { limit: 3 });
      // Newest first: this listing itself is not in its own answer (it is recorded once answered).
      expect(entries.slice(0, 2)).toEqual([
        {
          id: expect.any(Number),
          nsid: "com.atproto.server.createInviteCode",
          status: 401,
          requestId: expect.any(String),
          createdAt: expect.any(String),
        },
        {
          id: expect.any(Number),
          nsid: "com.atproto.server.createInviteCode",
          status: 200,
          subject: target.did,
          requestId: expect.any(String),
          // The break-glass credential (admin roles): the owner named `admin`.
          adminName: "admin",
          adminRole: "owner",
          createdAt: expect.any(String),
        },
      ]);
      expect(entries[0].id).toBeGreaterThan(entries[1].id);

      const next = await s.call("listAuditLog", { limit: 1 });
      expect(next.entries[0]).toMatchObject({ nsid: `${NS}.listAuditLog`, status: 200 });
    });

    it("records refused calls to our own methods and pages by cursor, newest first", async () => {
      await outcome(s.call("getServerStats", {}, undefined, basicAuth("admin", "wrong")));
      const first = await s.call("listAuditLog", { limit: 2 });
      expect(first.entries[0]).toMatchObject({ nsid: `${NS}.getServerStats`, status: 401 });
      expect(first.cursor).toEqual(String(first.entries[1].id));
      const second = await s.call("listAuditLog", { limit: 2, cursor: first.cursor });
      expect(second.entries[0].id).toBeLessThan(first.entries[1].id);
    });

    it("names what a refused query was after, from its parameters", async () => {
      const agent = new AtpAgent({ service: s.pds.pdsUrl });
      const wrong = basicAuth("admin", "wrong");
      await outcome(agent.com.atproto.admin.getAccountInfo({ did: users[2].did }, wrong));
      const { entries } = await s.call("listAuditLog", { limit: 1 });
      expect(entries[0]).toMatchObject({
        nsid: "com.atproto.admin.getAccountInfo",
        status: 401,
        subject: users[2].did,
      });
    });

    it("refuses a malformed cursor", async () => {
      expect(await outcome(s.call("listAuditLog", { cursor: "abc" }))).toMatchObject({
        status: 400,
        error: "InvalidRequest",
        message: "Malformed cursor",
      });
    });
  });

  describe("listReports and resolveReport", () => {
    const report = (user: TestAccount, reason: string) =>
      user.agent.com.atproto.moderation.createReport({
        reasonType: "com.atproto.moderation.defs#reasonSpam",
        reason,
        subject: { $type: "com.atproto.admin.defs#repoRef", did: users[2].did },
      });

    it("lists reports by state, oldest first, and resolves one with a note", async () => {
      const first = (await report(users[0], "spam one")).data;
      const second = (await report(users[1], "spam two")).data;

      const open = (await s.call("listReports", { state: "open" })).reports;
      expect(open.map((r: { id: number }) => r.id)).toEqual([first.id, second.id]);
      expect(open[0]).toEqual({
        id: first.id,
        reasonType: "com.atproto.moderation.defs#reasonSpam",
        reason: "spam one",
        subject: { $type: "com.atproto.admin.defs#repoRef", did: users[2].did },
        reportedBy: users[0].did,
        createdAt: expect.any(String),
      });

      const resolved = await s.call("resolveReport", undefined, { id: first.id, note: "account warned" });
      expect(resolved).toMatchObject({
        id: first.id,
        reason: "spam one",
        resolvedAt: expect.any(String),
        resolutionNote: "account warned",
      });

      const ids = async (params: object) =>
        (await s.call("listReports", params)).reports.map((r: { id: number }) => r.id);
      expect(await ids({ state: "open" })).toEqual([second.id]);
      expect(await ids({ state: "resolved" })).toEqual([first.id]);
      expect(await ids({})).toEqual([first.id, second.id]);
      const page = await s.call("listReports", { limit: 1 });
      expect(page.cursor).toBe(String(first.id));
      expect(await ids({ limit: 1, cursor: page.cursor })).toEqual([second.id]);

      // The audit log names the report acted on.
      const { entries } = await s.call("listAuditLog", { limit: 20 });
      expect(entries).toContainEqual(
        expect.objectContaining({ nsid: `${NS}.resolveReport`, status: 200, subject: `report:${first.id}` }),
      );

      expect(
        await outcome(s.call("resolveReport", undefined, { id: first.id, note: "again" })),
      ).toMatchObject({ status: 400, error: "AlreadyResolved" });
    });

    it("refuses unknown reports, blank or missing notes and unknown states", async () => {
      const cases: [object | undefined, object | undefined, Method, string][] = [
        [undefined, { id: 999_999, note: "x" }, "resolveReport", "ReportNotFound"],
        [undefined, { id: 1, note: "" }, "resolveReport", "InvalidRequest"],
        [undefined, { id: 1, note: "   " }, "resolveReport", "InvalidRequest"],
        [undefined, { id: 1, note: "x".repeat(2001) }, "resolveReport", "InvalidRequest"],
        [undefined, { id: "one", note: "x" }, "resolveReport", "InvalidRequest"],
        [undefined, { note: "x" }, "resolveReport", "InvalidRequest"],
        [{ state: "closed" }, undefined, "listReports", "InvalidRequest"],
        [{ cursor: "-1" }, undefined, "listReports", "InvalidRequest"],
      ];
      for (const [params, input, name, error] of cases) {
        expect(await outcome(s.call(name, params, input)), JSON.stringify(input ?? params)).toMatchObject({
          status: 400,
          error,
        });
      }
    });
  });
});
