// Owner transfer and member titles (issue 22) through the real Worker's write routes on the shared
// devnet: alice creates a community and bob joins; only the owner may offer it, only to a member; the
// offer shows to both parties; only bob may accept, and accepting hands him the community (his config,
// his feed URI answering, alice's too until she deletes her generator record) while alice is staff no
// more. Then bob, now the owner, gives carol a title that shows in the member list; alice cannot.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Caller, expectOk, signedInCallers, type WorkerCalls } from "./support/worker-calls.ts";

const devnet = inject("devnet");
const OFFER = "net.atrarium.community.transferOwnership";
const ACCEPT = "net.atrarium.community.acceptTransfer";

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

describe("owner transfer through the write routes", { timeout: 60_000 }, () => {
  let id: string;
  const viewerOf = async (who: Caller) => expectOk(await api.rest(who, "GET", `/api/communities/${id}/me`));
  const skeleton = (owner: string) =>
    api.read(
      `/xrpc/app.bsky.feed.getFeedSkeleton?feed=${encodeURIComponent(`at://${owner}/app.bsky.feed.generator/${id}`)}`,
    );

  it("alice creates a community and bob joins it", async () => {
    id = String(expectOk(await api.rest(alice, "POST", "/api/communities", { name: "Handed Down" })).id);
    expectOk(await api.rest(bob, "POST", "/api/memberships", { community: id }));
    expect(await viewerOf(bob)).toMatchObject({ member: true, role: "member" });
  });

  it("only the owner offers, and only to a member", async () => {
    expect((await api.xrpc(carol, OFFER, { community: id, newOwner: carol.account.did })).status).toBe(403);
    const notMember = await api.xrpc(alice, OFFER, { community: id, newOwner: carol.account.did });
    expect(notMember.status).toBe(400);
    expect(notMember.body.error).toBe("NotAMember");
    // carol has no offer to accept.
    expect((await api.xrpc(carol, ACCEPT, { community: id })).body.error).toBe("NoTransferOffer");
  });

  it("alice offers it to bob; both see the offer, nothing changes yet", async () => {
    const offered = expectOk(
      await api.rest(alice, "POST", `/api/communities/${id}/transfer`, { newOwner: bob.account.did }),
    );
    const offer = { uri: offered.uri, from: alice.account.did, to: bob.account.did };
    expect((await viewerOf(bob)).transferOffer).toMatchObject(offer);
    expect((await viewerOf(alice)).transferOffer).toMatchObject(offer);
    expect((await viewerOf(carol)).transferOffer).toBeUndefined();
    expect(expectOk(await api.read(`/api/communities/${id}`)).community).toMatchObject({
      owner: alice.account.did,
    });
    expect((await api.xrpc(carol, ACCEPT, { community: id })).body.error).toBe("NoTransferOffer");
  });

  it("bob accepts: the community, its feed and its staff are his", async () => {
    const accepted = expectOk(await api.rest(bob, "POST", `/api/communities/${id}/transfer/accept`, {}));
    expect(accepted.owner).toBe(bob.account.did);
    expect(accepted.feed).toBe(`at://${bob.account.did}/app.bsky.feed.generator/${id}`);
    expect(await api.recordAt(String(accepted.config))).toMatchObject({ hashtag: `#atrarium_${id}` });
    expect(await api.recordAt(String(accepted.feed))).toMatchObject({ did: expect.stringMatching(/^did:/) });
    const community = expectOk(await api.read(`/api/communities/${id}`)).community;
    expect(community).toMatchObject({
      owner: bob.account.did,
      uri: accepted.config,
      feed: accepted.feed,
      name: "Handed Down",
    });
    expect(await viewerOf(bob)).toMatchObject({ role: "owner" });
    expect((await viewerOf(bob)).transferOffer).toBeUndefined();
    expect((await viewerOf(alice)).role).not.toBe("owner");
    expect((await skeleton(bob.account.did)).status).toBe(200);
    // alice's feed URI keeps answering until she deletes her generator record.
    expect((await skeleton(alice.account.did)).status).toBe(200);
  });

  it("bob, now the owner, gives carol a title; alice no longer can", async () => {
    expectOk(await api.rest(carol, "POST", "/api/memberships", { community: id }));
    expectOk(
      await api.rest(bob, "POST", "/api/moderation/title", {
        community: id,
        did: carol.account.did,
        title: "Gardener",
      }),
    );
    const refused = await api.rest(alice, "POST", "/api/moderation/title", {
      community: id,
      did: carol.account.did,
      title: "Usurper",
    });
    expect(refused.status).toBe(403);
    const members = expectOk(await api.read(`/api/communities/${id}/members`)).members as {
      did: string;
      title?: string;
    }[];
    expect(members.find((m) => m.did === carol.account.did)?.title).toBe("Gardener");
  });
});
