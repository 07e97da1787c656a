// Default service proxying through @atproto/api: methods this PDS does not serve, called without an
// atproto-proxy header, go to the configured AppView, tools.ozone.* to the moderation service and
// reports to the report service (else the moderation service, else the local queue). The services are
// real HTTP servers that verify the service JWT as a peer would.
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { failure } from "./support/call-failure.ts";
import { type PeerCall, type PeerService, startPeerService } from "./support/peer-service.ts";
import { type PrivatePds, startPrivatePds } from "./support/private-pds.ts";

const APPVIEW_DID = "did:web:appview.aurora.test";
const MOD_DID = "did:web:mod.aurora.test";
const REPORT_DID = "did:web:reports.aurora.test";

// What each peer answers: enough of each method's output for @atproto/api to accept it.
function respond(call: PeerCall): unknown {
  if (call.nsid === "com.atproto.moderation.createReport") {
    const input = call.body as { reasonType: string; subject: unknown };
    return { id: 7, ...input, reportedBy: call.claims.iss, createdAt: new Date().toISOString() };
  }
  if (call.nsid === "tools.ozone.moderation.queryStatuses") return { subjectStatuses: [] };
  if (call.nsid === "app.bsky.actor.getProfile") return { did: call.claims.iss, handle: "someone.test" };
  if (call.nsid === "app.bsky.actor.getProfiles") return { profiles: [] };
  if (call.nsid === "app.bsky.feed.getPostThread") {
    const uri = new URLSearchParams(call.query).get("uri");
    return { thread: { $type: "app.bsky.feed.defs#notFoundPost", uri, notFound: true } };
  }
  return { feed: [] };
}

const report = (did: string) => ({
  reasonType: "com.atproto.moderation.defs#reasonSpam",
  reason: "spam",
  subject: { $type: "com.atproto.admin.defs#repoRef", did },
});

describe("default proxying with every service configured", () => {
  let plcUrl = "";
  let appView: PeerService;
  let mod: PeerService;
  let reports: PeerService;
  let stack: PrivatePds;
  let acct: TestAccount;

  beforeAll(async () => {
    appView = await startPeerService(APPVIEW_DID, () => plcUrl, respond);
    mod = await startPeerService(MOD_DID, () => plcUrl, respond);
    reports = await startPeerService(REPORT_DID, () => plcUrl, respond);
    stack = await startPrivatePds({
      bskyAppView: { url: appView.url, did: APPVIEW_DID },
      modService: { url: mod.url, did: MOD_DID },
      reportService: { url: reports.url, did: REPORT_DID },
    });
    plcUrl = stack.plcUrl;
    acct = await createTestAccount(stack.pdsUrl);
  });
  afterAll(async () => {
    await stack.close();
    await Promise.all([appView.close(), mod.close(), reports.close()]);
  });

  it("sends app.bsky.feed.getTimeline to the AppView with a service JWT for it", async () => {
    const res = await acct.agent.app.bsky.feed.getTimeline({ limit: 5 });
    expect(res.data.feed).toEqual([]);
    expect(appView.calls).toHaveLength(1);
    expect(appView.calls[0]).toMatchObject({
      nsid: "app.bsky.feed.getTimeline",
      method: "GET",
      claims: { iss: acct.did, aud: APPVIEW_DID, lxm: "app.bsky.feed.getTimeline" },
    });
  });

  // The official PDS's own app.bsky handlers (read-after-write munging of the AppView's answer, and
  // the push registrations): here they are plain proxied calls to the AppView.
  it("sends the official PDS's other app.bsky handlers to the AppView", async () => {
    const before = appView.calls.length;
    const post = `at://${acct.did}/app.bsky.feed.post/3lzzzzzzzzzz2`;
    const feed = `at://${acct.did}/app.bsky.feed.generator/mine`;
    const push = { serviceDid: APPVIEW_DID, token: "device-token", platform: "web", appId: "test.app" };
    const a = acct.agent.app.bsky;
    expect((await a.actor.getProfile({ actor: acct.did })).data.did).toBe(acct.did);
    await a.actor.getProfiles({ actors: [acct.did] });
    await a.feed.getAuthorFeed({ actor: acct.did });
    await a.feed.getPostThread({ uri: post });
    await a.feed.getActorLikes({ actor: acct.did });
    await a.feed.getFeed({ feed });
    await a.notification.registerPush(push);
    await a.notification.unregisterPush(push);
    expect(appView.calls.slice(before).map((c) => [c.nsid, c.method, c.claims.aud, c.claims.lxm])).toEqual(
      [
        "app.bsky.actor.getProfile",
        "app.bsky.actor.getProfiles",
        "app.bsky.feed.getAuthorFeed",
        "app.bsky.feed.getPostThread",
        "app.bsky.feed.getActorLikes",
        "app.bsky.feed.getFeed",
        "app.bsky.notification.registerPush",
        "app.bsky.notification.unregisterPush",
      ].map((nsid) => [nsid, nsid.includes("Push") ? "POST" : "GET", APPVIEW_DID, nsid]),
    );
  });

  it("sends tools.ozone.* to the moderation service", async () => {
    const res = await acct.agent.tools.ozone.moderation.queryStatuses({});
    expect(res.data.subjectStatuses).toEqual([]);
    expect(mod.calls.map((c) => [c.nsid, c.claims.aud, c.claims.lxm])).toEqual([
      ["tools.ozone.moderation.queryStatuses", MOD_DID, "tools.ozone.moderation.queryStatuses"],
    ]);
  });

  it("sends reports to the report service", async () => {
    const res = await acct.agent.com.atproto.moderation.createReport(report(acct.did));
    expect(res.data).toMatchObject({ id: 7, reportedBy: acct.did, reasonType: report(acct.did).reasonType });
    expect(reports.calls.map((c) => [c.nsid, c.claims.aud])).toEqual([
      ["com.atproto.moderation.createReport", REPORT_DID],
    ]);
    expect(reports.calls[0].body).toEqual(report(acct.did));
  });

  it("still proxies only for signed-in callers", async () => {
    const res = await fetch(`${stack.pdsUrl}/xrpc/app.bsky.feed.getTimeline`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toBe("AuthenticationRequired");
  });
});

describe("default proxying without a report service", () => {
  let plcUrl = "";
  let mod: PeerService;
  let stack: PrivatePds;

  beforeAll(async () => {
    mod = await startPeerService(MOD_DID, () => plcUrl, respond);
    stack = await startPrivatePds({ modService: { url: mod.url, did: MOD_DID } });
    plcUrl = stack.plcUrl;
  });
  afterAll(async () => {
    await stack.close();
    await mod.close();
  });

  it("sends reports to the moderation service; with no AppView, AppView methods are refused", async () => {
    const acct = await createTestAccount(stack.pdsUrl);
    await acct.agent.com.atproto.moderation.createReport(report(acct.did));
    expect(mod.calls.map((c) => [c.nsid, c.claims.aud])).toEqual([
      ["com.atproto.moderation.createReport", MOD_DID],
    ]);
    expect(await failure(acct.agent.app.bsky.feed.getTimeline())).toEqual({
      status: 400,
      error: "InvalidRequest",
      message: "No service configured for app.bsky.feed.getTimeline",
    });
  });
});

describe("no service configured (shared devnet)", () => {
  const { pdsUrl } = inject("devnet");
  let acct: TestAccount;
  beforeAll(async () => {
    acct = await createTestAccount(pdsUrl);
  });

  it("answers the official 400 for methods it does not serve", async () => {
    expect(await failure(acct.agent.app.bsky.feed.getTimeline())).toEqual({
      status: 400,
      error: "InvalidRequest",
      message: "No service configured for app.bsky.feed.getTimeline",
    });
    expect(await failure(acct.agent.tools.ozone.moderation.queryStatuses({}))).toEqual({
      status: 400,
      error: "InvalidRequest",
      message: "No service configured for tools.ozone.moderation.queryStatuses",
    });
  });

  it("keeps a report in the local moderation queue, answered in the official shape", async () => {
    const other = await createTestAccount(pdsUrl);
    const res = await acct.agent.com.atproto.moderation.createReport(report(other.did));
    expect(res.data).toEqual({
      id: expect.any(Number),
      ...report(other.did),
      reportedBy: acct.did,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const second = await acct.agent.com.atproto.moderation.createReport({
      reasonType: "com.atproto.moderation.defs#reasonOther",
      subject: {
        $type: "com.atproto.repo.strongRef",
        uri: `at://${other.did}/app.bsky.feed.post/3k`,
        cid: "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm",
      },
    });
    expect(second.data.id).toBeGreaterThan(res.data.id);
    expect(second.data.reason).toBeUndefined();
  });

  it("refuses bad reports and anonymous reporters", async () => {
    expect(
      (
        await failure(
          acct.agent.com.atproto.moderation.createReport({
            reasonType: "x",
            subject: { $type: "com.example.thing" },
          }),
        )
      ).status,
    ).toBe(400);
    expect(
      await failure(
        acct.agent.com.atproto.moderation.createReport({
          ...report(acct.did),
          subject: { $type: "com.example.thing", id: 1 } as { $type: string },
        }),
      ),
    ).toEqual({
      status: 400,
      error: "InvalidRequest",
      message: "Unsupported report subject: com.example.thing",
    });
    const res = await fetch(`${pdsUrl}/xrpc/com.atproto.moderation.createReport`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(report(acct.did)),
    });
    expect(res.status).toBe(401);
  });
});
