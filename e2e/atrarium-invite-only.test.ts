// Invite-only communities (issue 22) through the real Worker's write routes on the shared devnet: alice
// creates an invite-only community, bob's join is a request (pending, listed for alice, his post kept out
// of the feed), carol (no moderator) cannot approve it, alice approves it and his post shows; alice
// invites carol, whose join is then accepted without a request; a blocked user cannot be approved; and
// switching an open community to invite-only through community.update keeps its members.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Caller, expectOk, signedInCallers, type WorkerCalls } from "./support/worker-calls.ts";

const devnet = inject("devnet");
const JOIN = "net.atrarium.community.join";
const APPROVE = "net.atrarium.moderation.approveMember";
const INVITE = "net.atrarium.moderation.inviteMember";

let browser: Browser;
let api: WorkerCalls;
let alice: Caller;
let bob: Caller;
let carol: Caller;

beforeAll(async () => {
  const stack = await signedInCallers(devnet, 3);
  browser = stack.browser;
  api = stack.api;
  [alice, bob, carol] = stack.callers as [Caller, Caller, Caller];
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe("invite-only communities through the write routes", { timeout: 60_000 }, () => {
  let id: string;

  const memberDids = async (community = id) =>
    (expectOk(await api.read(`/api/communities/${community}/members`)).members as { did: string }[]).map(
      (m) => m.did,
    );
  const requests = async () =>
    expectOk(await api.rest(alice, "GET", `/api/communities/${id}/requests`)).requests as {
      did: string;
      membershipUri: string;
    }[];
  const preview = async () =>
    (expectOk(await api.read(`/api/communities/${id}/feed`)).posts as { uri: string }[]).map((p) => p.uri);
  const viewerOf = async (who: Caller) => expectOk(await api.rest(who, "GET", `/api/communities/${id}/me`));

  it("creates an invite-only community", async () => {
    const body = expectOk(
      await api.rest(alice, "POST", "/api/communities", { name: "Closed Garden", accessType: "invite-only" }),
    );
    id = String(body.id);
    expect(expectOk(await api.read(`/api/communities/${id}`)).community).toMatchObject({
      accessType: "invite-only",
    });
  });

  it("bob's join is a request: pending, listed for staff only, his post kept out of the feed", async () => {
    const joined = expectOk(await api.xrpc(bob, JOIN, { community: id }));
    expect(joined).toMatchObject({ active: true, pending: true });
    expect(await viewerOf(bob)).toMatchObject({ member: false, pending: true });
    expect(await requests()).toEqual([
      expect.objectContaining({ did: bob.account.did, membershipUri: joined.uri }),
    ]);
    expect((await api.rest(carol, "GET", `/api/communities/${id}/requests`)).status).toBe(403);
    expect(await memberDids()).not.toContain(bob.account.did);

    const posted = await bob.account.agent.post({ text: `Knock knock #atrarium_${id}` });
    expectOk(await api.xrpc(bob, "net.atrarium.sync.indexRecord", { uri: posted.uri, community: id }));
    expect(await preview()).not.toContain(posted.uri);

    // carol is no moderator: refused, nothing changes.
    const refused = await api.xrpc(carol, APPROVE, { community: id, did: bob.account.did });
    expect(refused.status).toBe(403);
    expect(await preview()).not.toContain(posted.uri);

    const approved = expectOk(
      await api.rest(alice, "POST", "/api/moderation/approve-member", {
        community: id,
        did: bob.account.did,
      }),
    );
    expect(approved.action).toBe("approve_member");
    expect(await preview()).toContain(posted.uri);
    expect(await requests()).toEqual([]);
    expect(await memberDids()).toContain(bob.account.did);
    expect(await viewerOf(bob)).toMatchObject({ member: true, role: "member", pending: false });
  });

  it("an invited user's join is accepted without a request", async () => {
    expectOk(await api.xrpc(alice, INVITE, { community: id, did: carol.account.did }));
    const joined = expectOk(await api.rest(carol, "POST", "/api/memberships", { community: id }));
    expect(joined).toMatchObject({ active: true, pending: false });
    expect(await memberDids()).toContain(carol.account.did);
    expect(await requests()).toEqual([]);
  });

  it("a blocked user cannot be approved or invited", async () => {
    expectOk(
      await api.rest(alice, "POST", "/api/moderation/block", { community: id, did: carol.account.did }),
    );
    const refused = await api.xrpc(alice, APPROVE, { community: id, did: carol.account.did });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: "UserBlocked" });
  });

  it("switching an open community to invite-only keeps its members", async () => {
    const open = String(expectOk(await api.rest(alice, "POST", "/api/communities", { name: "Was Open" })).id);
    expectOk(await api.xrpc(bob, JOIN, { community: open }));
    const updated = expectOk(
      await api.rest(alice, "POST", `/api/communities/${open}/config`, { accessType: "invite-only" }),
    );
    expect(updated.community).toMatchObject({ accessType: "invite-only" });
    expect(await memberDids(open)).toContain(bob.account.did);
  });
});
