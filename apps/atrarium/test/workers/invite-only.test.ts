// Invite-only communities inside workerd (community/member-access.ts): a membership alone is a join
// request until staff approve or invited its author, decided at read time whatever order records come in.
import { describe, expect, it } from "vitest";
import type { ApiAnswers, ApiQuery } from "../../src/community/api-queries.ts";
import type { ModerationInput } from "../../src/community/community-store.ts";
import {
  ALICE,
  BOB,
  config,
  feedUris,
  freshCommunity,
  MALLORY,
  MODERATOR,
  membership,
  OWNER,
  post,
  rev,
} from "./community-fixtures.ts";

type Stub = ReturnType<typeof freshCommunity>;

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

function decision(
  author: string,
  rkey: string,
  action: string,
  target: string,
  createdAt: string,
): ModerationInput {
  return {
    uri: `at://${author}/net.atrarium.moderation.action/${rkey}`,
    author,
    rev: rev(1),
    action,
    target,
    createdAt,
  };
}

async function read<K extends ApiQuery["kind"]>(stub: Stub, q: Extract<ApiQuery, { kind: K }>) {
  const reply = await stub.read(q);
  if (!reply.ok) throw new Error(reply.error);
  return reply.answer as ApiAnswers[K];
}

const requesters = async (stub: Stub) =>
  (await read(stub, { kind: "requests", limit: 50 })).requests.map((r) => r.did);
const memberDids = async (stub: Stub) =>
  (await read(stub, { kind: "members", limit: 50 })).members.map((m) => m.did);

// An invite-only community where ALICE and BOB asked to join (membership records) and posted.
async function inviteOnly(): Promise<Stub> {
  const stub = freshCommunity();
  await stub.applyConfig(config({ accessType: "invite-only" }));
  await stub.applyMembership(membership(ALICE, { joinedAt: minutesAgo(30) }));
  await stub.applyMembership(membership(BOB, { joinedAt: minutesAgo(29) }));
  await stub.applyPost(post(ALICE, "a1", { createdAt: minutesAgo(20) }));
  await stub.applyPost(post(BOB, "b1", { createdAt: minutesAgo(19) }));
  await stub.applyPost(post(OWNER, "o1", { createdAt: minutesAgo(18) }));
  return stub;
}

describe("invite-only communities", () => {
  it("keeps a request's posts out until a moderator approves; then they show and it is a member", async () => {
    const stub = await inviteOnly();
    expect(await feedUris(stub)).toEqual([post(OWNER, "o1").uri]);
    expect(await requesters(stub)).toEqual([ALICE, BOB]);
    expect(await memberDids(stub)).toEqual([OWNER, MODERATOR]);
    expect(await read(stub, { kind: "viewer", did: ALICE })).toMatchObject({ role: null, pending: true });
    expect((await read(stub, { kind: "stats" })).members).toBe(2);

    await stub.applyModeration(decision(MODERATOR, "ok", "approve_member", ALICE, minutesAgo(10)));
    expect(await feedUris(stub)).toEqual([post(OWNER, "o1").uri, post(ALICE, "a1").uri]);
    expect(await requesters(stub)).toEqual([BOB]);
    expect(await memberDids(stub)).toEqual([OWNER, MODERATOR, ALICE]);
    expect(await read(stub, { kind: "viewer", did: ALICE })).toMatchObject({
      role: "member",
      pending: false,
    });
    expect((await read(stub, { kind: "stats" })).members).toBe(3);
  });

  it("ignores approvals by non-moderators and self-approvals", async () => {
    const stub = await inviteOnly();
    await stub.applyModeration(decision(MALLORY, "m", "approve_member", BOB, minutesAgo(10)));
    await stub.applyModeration(decision(ALICE, "self", "approve_member", ALICE, minutesAgo(10)));
    await stub.applyModeration(decision(ALICE, "friend", "invite_member", BOB, minutesAgo(9)));
    expect(await requesters(stub)).toEqual([ALICE, BOB]);
    expect(await feedUris(stub)).toEqual([post(OWNER, "o1").uri]);

    // A moderator's approval counts, and stops counting once its author is no longer staff.
    await stub.applyModeration(decision(MODERATOR, "ok", "approve_member", ALICE, minutesAgo(8)));
    expect(await requesters(stub)).toEqual([BOB]);
    await stub.applyConfig(config({ rev: rev(2), accessType: "invite-only", moderators: [] }));
    expect(await requesters(stub)).toEqual([ALICE, BOB]);
  });

  it("a rejection ends the request (or the membership); asking again later is a new request", async () => {
    const stub = await inviteOnly();
    await stub.applyModeration(decision(OWNER, "no", "reject_member", BOB, minutesAgo(10)));
    expect(await requesters(stub)).toEqual([ALICE]);
    expect(await read(stub, { kind: "viewer", did: BOB })).toMatchObject({ role: null, pending: false });

    // A rejection after an approval removes the member; the latest decision wins in any arrival order.
    await stub.applyModeration(decision(OWNER, "no-a", "reject_member", ALICE, minutesAgo(5)));
    await stub.applyModeration(decision(MODERATOR, "ok-a", "approve_member", ALICE, minutesAgo(6)));
    expect(await memberDids(stub)).toEqual([OWNER, MODERATOR]);
    expect(await feedUris(stub)).toEqual([post(OWNER, "o1").uri]);

    // BOB asks again: the membership's new joinedAt is later than the rejection.
    await stub.applyMembership(membership(BOB, { rev: rev(2), joinedAt: minutesAgo(1) }));
    expect(await requesters(stub)).toEqual([BOB]);
  });

  it("an invitation accepts the membership without a request", async () => {
    const stub = freshCommunity();
    await stub.applyConfig(config({ accessType: "invite-only" }));
    await stub.applyModeration(decision(MODERATOR, "inv", "invite_member", ALICE, minutesAgo(10)));
    expect(await memberDids(stub)).toEqual([OWNER, MODERATOR]);
    await stub.applyMembership(membership(ALICE, { joinedAt: minutesAgo(5) }));
    await stub.applyPost(post(ALICE, "a1", { createdAt: minutesAgo(4) }));
    expect(await requesters(stub)).toEqual([]);
    expect(await memberDids(stub)).toEqual([OWNER, MODERATOR, ALICE]);
    expect(await feedUris(stub)).toEqual([post(ALICE, "a1").uri]);
  });

  it("refuses a blocked user's request: not listed, approval ignored while blocked", async () => {
    const stub = await inviteOnly();
    await stub.applyModeration(decision(OWNER, "blk", "block_user", BOB, minutesAgo(12)));
    expect(await requesters(stub)).toEqual([ALICE]);
    await stub.applyModeration(decision(MODERATOR, "ok", "approve_member", BOB, minutesAgo(10)));
    expect(await feedUris(stub)).toEqual([post(OWNER, "o1").uri]);
    expect((await read(stub, { kind: "stats" })).members).toBe(2);
    expect(await read(stub, { kind: "viewer", did: BOB })).toMatchObject({ blocked: true, pending: false });

    // Unblocked, the latest decision stands again.
    await stub.applyModeration(decision(OWNER, "unblk", "unblock_user", BOB, minutesAgo(8)));
    expect(await feedUris(stub)).toContain(post(BOB, "b1").uri);
  });

  it("open -> invite-only: unapproved members become requests (the update route approves them first); back to open admits all", async () => {
    const stub = freshCommunity();
    await stub.applyConfig(config());
    await stub.applyMembership(membership(ALICE, { joinedAt: minutesAgo(30) }));
    await stub.applyMembership(membership(BOB, { joinedAt: minutesAgo(29) }));
    expect(await read(stub, { kind: "requests", limit: 50 })).toEqual({ requests: [], cursor: undefined });
    // What the switch would approve: every active member not yet accepted.
    const asIf = await read(stub, { kind: "requests", limit: 50, asIfInviteOnly: true });
    expect(asIf.requests.map((r) => r.did)).toEqual([ALICE, BOB]);

    // The route's approval for ALICE, then the switch: ALICE stays, BOB (no approval) is a request.
    await stub.applyModeration(decision(OWNER, "keep", "approve_member", ALICE, minutesAgo(3)));
    await stub.applyConfig(config({ rev: rev(2), accessType: "invite-only" }));
    expect(await memberDids(stub)).toEqual([OWNER, MODERATOR, ALICE]);
    expect(await requesters(stub)).toEqual([BOB]);

    await stub.applyConfig(config({ rev: rev(3), accessType: "open" }));
    expect(await memberDids(stub)).toEqual([OWNER, MODERATOR, ALICE, BOB]);
    expect(await requesters(stub)).toEqual([]);
  });

  it("pages the requests by cursor", async () => {
    const stub = await inviteOnly();
    const first = await read(stub, { kind: "requests", limit: 1 });
    expect(first.requests.map((r) => r.did)).toEqual([ALICE]);
    expect(first.requests[0]).toMatchObject({ membershipUri: membership(ALICE).uri });
    const second = await read(stub, { kind: "requests", limit: 1, cursor: first.cursor });
    expect(second.requests.map((r) => r.did)).toEqual([BOB]);
  });
});
