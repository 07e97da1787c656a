// The Atrarium Worker's write routes (issue 20) against the shared devnet: each writes into the
// caller's own repo with the OAuth session the caller granted the Worker (signed in at /oauth/login in
// Chromium) and indexes the record at once. Alice creates a community, bob joins and posts with its
// hashtag, alice hides his post, blocks, unblocks and unhides, bob leaves and joins again; every step
// through REST with a Worker session token or through /xrpc with a service JWT, and every read
// (community.get, listMembers, getViewerState, getFeedPreview, listActions, getFeedSkeleton) shows it
// as soon as the route answers, no waiting. Around every call, every other account's repo is
// compared (its latest commit): only the caller's repo ever changes, whatever the input names. And
// the refusals: no Worker session (401 OAuthSessionRequired), bad input (400 with the lexicon's
// message), a non-moderator (403, nothing written).

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  type Answer,
  type Caller,
  expectOk,
  signedInCallers,
  type WorkerCalls,
} from "./support/worker-calls.ts";

const devnet = inject("devnet");
const CREATE = "net.atrarium.community.create";
const JOIN = "net.atrarium.community.join";
const LEAVE = "net.atrarium.community.leave";
const HIDE = "net.atrarium.moderation.hidePost";
const UNHIDE = "net.atrarium.moderation.unhidePost";
const BLOCK = "net.atrarium.moderation.blockUser";
const UNBLOCK = "net.atrarium.moderation.unblockUser";

let browser: Browser;
let api: WorkerCalls;
let alice: Caller;
let bob: Caller;
let carol: Caller;
// Never signs in to the Worker.
let dave: Caller;
let everyone: Caller[];

const rest = (who: Caller, method: string, path: string, body?: unknown) => api.rest(who, method, path, body);
const xrpc = (who: Caller, nsid: string, input?: Record<string, unknown>) => api.xrpc(who, nsid, input);
const read = (path: string) => api.read(path);
const recordAt = (uri: string) => api.recordAt(uri);

async function latestRev(did: string): Promise<string> {
  const url = new URL("/xrpc/com.atproto.sync.getLatestCommit", devnet.pdsUrl);
  url.searchParams.set("did", did);
  const res = await fetch(url);
  expect(res.status, `getLatestCommit ${did}`).toBe(200);
  return ((await res.json()) as { rev: string }).rev;
}

const revs = async () => Promise.all(everyone.map((who) => latestRev(who.account.did)));

// Runs a route call and checks whose repos changed: the caller's when `writes`, nobody else's ever.
async function onlyOwnRepo(caller: Caller, writes: boolean, run: () => Promise<Answer>): Promise<Answer> {
  const before = await revs();
  const answer = await run();
  const after = await revs();
  everyone.forEach((who, i) => {
    const changed = after[i] !== before[i];
    const expected = who === caller && writes;
    expect(changed, `${who.account.handle}'s repo changed: ${changed} (${JSON.stringify(answer.body)})`).toBe(
      expected,
    );
  });
  return answer;
}

const inRepo = (uri: unknown, who: Caller, collection: string) =>
  expect(String(uri)).toMatch(new RegExp(`^at://${who.account.did}/${collection.replaceAll(".", "\\.")}/`));

beforeAll(async () => {
  const stack = await signedInCallers(devnet, 3, 1);
  browser = stack.browser;
  api = stack.api;
  [alice, bob, carol] = stack.callers as [Caller, Caller, Caller];
  dave = stack.others[0] as Caller;
  everyone = [alice, bob, carol, dave];
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe("Atrarium write routes", { timeout: 60_000 }, () => {
  let id: string;
  let configUri: string;
  let hashtag: string;
  let feed: string;
  let bobPost: string;
  let membershipUri: string;

  const members = async () =>
    (expectOk(await read(`/api/communities/${id}/members`)).members as { did: string; blocked: boolean }[]) ??
    [];
  const skeleton = async () =>
    (
      expectOk(await read(`/xrpc/app.bsky.feed.getFeedSkeleton?feed=${encodeURIComponent(feed)}`)).feed as {
        post: string;
      }[]
    ).map((p) => p.post);
  const preview = async () =>
    (expectOk(await read(`/api/communities/${id}/feed`)).posts as { uri: string }[]).map((p) => p.uri);
  const actions = async () =>
    expectOk(await rest(alice, "GET", `/api/moderation/actions?community=${id}`)).actions as {
      uri: string;
      action: string;
      target: string;
    }[];
  const viewerOf = async (who: Caller) => expectOk(await rest(who, "GET", `/api/communities/${id}/me`));

  it("creates a community in alice's repo that owns its hashtag at once (REST, session token)", async () => {
    const body = expectOk(
      await onlyOwnRepo(alice, true, () =>
        rest(alice, "POST", "/api/communities", { name: "Write Routes Garden", description: "Issue 20" }),
      ),
    );
    id = String(body.id);
    configUri = String(body.uri);
    hashtag = String(body.hashtag);
    feed = `at://${alice.account.did}/app.bsky.feed.generator/${id}`;
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    expect(hashtag).toBe(`#atrarium_${id}`);
    inRepo(configUri, alice, "net.atrarium.community.config");
    expect(body.cid).toEqual(expect.any(String));
    expect(await recordAt(configUri)).toMatchObject({
      name: "Write Routes Garden",
      hashtag,
      stage: "theme",
      feedMix: { own: 100, parent: 0, global: 0 },
      moderators: [],
    });
    const got = expectOk(await read(`/api/communities/${id}`)).community as Record<string, unknown>;
    expect(got).toMatchObject({ id, uri: configUri, owner: alice.account.did, name: "Write Routes Garden" });
    expect(await skeleton()).toEqual([]);
  });

  it("lets bob join through /xrpc with a service JWT, in his own repo", async () => {
    const body = expectOk(await onlyOwnRepo(bob, true, () => xrpc(bob, JOIN, { community: id })));
    expect(body).toMatchObject({ community: id, active: true });
    membershipUri = String(body.uri);
    inRepo(membershipUri, bob, "net.atrarium.community.membership");
    expect(await recordAt(membershipUri)).toMatchObject({
      community: configUri,
      role: "member",
      active: true,
    });
    expect((await members()).map((m) => m.did)).toContain(bob.account.did);
    expect(await viewerOf(bob)).toMatchObject({ member: true, role: "member", membershipUri });
  });

  it("shows bob's post with the hashtag in the feed", async () => {
    const posted = await bob.account.agent.post({ text: `Hello garden ${hashtag}` });
    bobPost = posted.uri;
    // The post goes straight to the PDS, not through a write route: bob's sync hint indexes it now.
    expectOk(await xrpc(bob, "net.atrarium.sync.indexRecord", { uri: bobPost, community: id }));
    expect(await skeleton()).toContain(bobPost);
    expect(await preview()).toContain(bobPost);
  });

  it("lets alice hide bob's post (REST): gone from the feed at once, listed as an action", async () => {
    const body = expectOk(
      await onlyOwnRepo(alice, true, () =>
        rest(alice, "POST", "/api/moderation/hide", { community: id, uri: bobPost, reason: "off topic" }),
      ),
    );
    expect(body.action).toBe("hide_post");
    inRepo(body.uri, alice, "net.atrarium.moderation.action");
    expect(await recordAt(String(body.uri))).toMatchObject({
      action: "hide_post",
      target: bobPost,
      community: configUri,
      reason: "off topic",
    });
    expect(await skeleton()).not.toContain(bobPost);
    expect(await preview()).not.toContain(bobPost);
    expect(await actions()).toContainEqual(
      expect.objectContaining({ uri: body.uri, action: "hide_post", target: bobPost }),
    );
  });

  it("lets alice block bob (/xrpc) and unblock him (REST), each seen at once", async () => {
    const blocked = expectOk(
      await onlyOwnRepo(alice, true, () => xrpc(alice, BLOCK, { community: id, did: bob.account.did })),
    );
    expect(blocked.action).toBe("block_user");
    inRepo(blocked.uri, alice, "net.atrarium.moderation.action");
    expect((await members()).find((m) => m.did === bob.account.did)?.blocked).toBe(true);
    expect(await viewerOf(bob)).toMatchObject({ blocked: true });

    const unblocked = expectOk(
      await onlyOwnRepo(alice, true, () =>
        rest(alice, "POST", "/api/moderation/unblock", { community: id, did: bob.account.did }),
      ),
    );
    expect(unblocked.action).toBe("unblock_user");
    expect((await members()).find((m) => m.did === bob.account.did)?.blocked).toBe(false);
    expect(await viewerOf(bob)).toMatchObject({ blocked: false });
  });

  it("lets alice unhide bob's post (/xrpc): back in the feed at once", async () => {
    const body = expectOk(
      await onlyOwnRepo(alice, true, () => xrpc(alice, UNHIDE, { community: id, uri: bobPost })),
    );
    expect(body.action).toBe("unhide_post");
    expect(await skeleton()).toContain(bobPost);
    expect(await preview()).toContain(bobPost);
    expect((await actions()).map((a) => a.action).slice(0, 4)).toEqual([
      "unhide_post",
      "unblock_user",
      "block_user",
      "hide_post",
    ]);
  });

  it("lets bob leave (REST DELETE, no body) keeping joinedAt, and join again on the same record", async () => {
    const joinedAt = (await recordAt(membershipUri)).joinedAt;
    const left = expectOk(await onlyOwnRepo(bob, true, () => rest(bob, "DELETE", `/api/memberships/${id}`)));
    expect(left).toMatchObject({ community: id, uri: membershipUri, active: false });
    expect(await recordAt(membershipUri)).toMatchObject({ active: false, joinedAt });
    expect((await members()).map((m) => m.did)).not.toContain(bob.account.did);
    expect(await viewerOf(bob)).toMatchObject({ member: false });

    const rejoined = expectOk(
      await onlyOwnRepo(bob, true, () => rest(bob, "POST", "/api/memberships", { community: id })),
    );
    expect(rejoined).toMatchObject({ uri: membershipUri, active: true });
    expect((await recordAt(membershipUri)).joinedAt).not.toBe(joinedAt);
    expect((await members()).map((m) => m.did)).toContain(bob.account.did);

    const leftAgain = expectOk(await onlyOwnRepo(bob, true, () => xrpc(bob, LEAVE, { community: id })));
    expect(leftAgain).toMatchObject({ uri: membershipUri, active: false });
    expect((await members()).map((m) => m.did)).not.toContain(bob.account.did);
  });

  it("writes nothing for a DID that never signed in to the Worker: 401 OAuthSessionRequired", async () => {
    for (const [nsid, input] of [
      [CREATE, { name: "Nobody's" }],
      [JOIN, { community: id }],
    ] as const) {
      const answer = await onlyOwnRepo(dave, false, () => xrpc(dave, nsid, input));
      expect(answer.status, nsid).toBe(401);
      expect(answer.body.error).toBe("OAuthSessionRequired");
      expect(String(answer.body.message)).toContain("/oauth/login");
    }
  });

  it("refuses moderation by a non-moderator with 403 and writes nothing", async () => {
    for (const [nsid, input] of [
      [HIDE, { community: id, uri: bobPost }],
      [BLOCK, { community: id, did: alice.account.did }],
      [UNBLOCK, { community: id, did: bob.account.did }],
    ] as const) {
      const answer = await onlyOwnRepo(carol, false, () => xrpc(carol, nsid, input));
      expect(answer.status, nsid).toBe(403);
      expect(answer.body.error).toBe("Forbidden");
    }
    const viaRest = await onlyOwnRepo(bob, false, () =>
      rest(bob, "POST", "/api/moderation/unhide", { community: id, uri: bobPost }),
    );
    expect(viaRest.status).toBe(403);
  });

  it("answers bad input with 400 and the lexicon's message, writing nothing", async () => {
    const cases: [Caller, string, string, unknown, string][] = [
      [alice, "POST", "/api/communities", { name: "" }, "name: must not be shorter than 1 characters"],
      [alice, "POST", "/api/communities", { name: "   " }, "name: must not be blank"],
      [alice, "POST", "/api/communities", {}, "name: is required"],
      [
        bob,
        "POST",
        "/api/memberships",
        { community: "NOTHEX00" },
        "community: must be 8 lowercase hex digits",
      ],
      [alice, "POST", "/api/moderation/block", { community: id, did: "bob" }, "did: must be a valid did"],
      [
        alice,
        "POST",
        "/api/moderation/hide",
        { community: id, uri: configUri },
        "uri: hide_post needs the at-uri of a post: must point to a app.bsky.feed.post record",
      ],
    ];
    for (const [who, method, path, body, message] of cases) {
      const answer = await onlyOwnRepo(who, false, () => rest(who, method, path, body));
      expect(answer, `${path} ${JSON.stringify(body)}`).toEqual({
        status: 400,
        body: { error: "InvalidRequest", message },
      });
    }
    const notMember = await onlyOwnRepo(carol, false, () => rest(carol, "DELETE", `/api/memberships/${id}`));
    expect(notMember.status).toBe(404);
    expect(notMember.body.error).toBe("NotMember");
    const unknown = await onlyOwnRepo(bob, false, () =>
      rest(bob, "POST", "/api/memberships", { community: "00000000" }),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe("CommunityNotFound");
  });

  it("cannot be made to write anywhere but the caller's repo, whatever the input names", async () => {
    // Another repo's config at-uri where an id is expected: refused before anything is written.
    for (const [who, path, body] of [
      [carol, "/api/memberships", { community: configUri }],
      [alice, "/api/moderation/hide", { community: configUri, uri: bobPost }],
      [alice, "/api/moderation/block", { community: `${id}/../${bob.account.did}`, did: bob.account.did }],
    ] as const) {
      const answer = await onlyOwnRepo(who, false, () => rest(who, "POST", path, body));
      expect(answer.status, `${path} ${JSON.stringify(body)}`).toBe(400);
    }
    const path = `/api/memberships/${encodeURIComponent(configUri)}`;
    expect((await onlyOwnRepo(carol, false, () => rest(carol, "DELETE", path))).status).toBe(400);
    // Fields naming another repo are not part of any input: the record lands in the caller's repo.
    const created = expectOk(
      await onlyOwnRepo(carol, true, () =>
        rest(carol, "POST", "/api/communities", {
          name: "Carol's",
          repo: bob.account.did,
          did: bob.account.did,
        }),
      ),
    );
    inRepo(created.uri, carol, "net.atrarium.community.config");
    const joined = expectOk(
      await onlyOwnRepo(carol, true, () =>
        xrpc(carol, JOIN, { community: id, repo: alice.account.did, uri: membershipUri }),
      ),
    );
    inRepo(joined.uri, carol, "net.atrarium.community.membership");
    expect(joined.uri).not.toBe(membershipUri);
    // A session token and a service JWT both stand for their own DID only.
    const left = expectOk(
      await onlyOwnRepo(carol, true, () => rest(carol, "DELETE", `/api/memberships/${id}`)),
    );
    inRepo(left.uri, carol, "net.atrarium.community.membership");
    expect(await recordAt(membershipUri)).toMatchObject({ active: false });
  });
});
