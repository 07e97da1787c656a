// Members' titles inside workerd (community/member-titles.ts): a set_title by staff shows in the member
// list and next to the member's posts; one by a non-moderator is ignored; an empty title clears it;
// the latest wins; and a title, its own kind of decision, never lifts a block.
import { describe, expect, it } from "vitest";
import type { ApiAnswers } from "../../src/community/api-queries.ts";
import type { ModerationInput } from "../../src/community/community-store.ts";
import {
  ALICE,
  BOB,
  isoDaysAgo,
  MALLORY,
  MODERATOR,
  moderation,
  OWNER,
  post,
  seededCommunity,
} from "./community-fixtures.ts";

type Stub = Awaited<ReturnType<typeof seededCommunity>>;
let n = 0;

function titleAction(
  author: string,
  target: string,
  title: string | undefined,
  createdAt: string,
): ModerationInput {
  n++;
  return {
    uri: `at://${author}/net.atrarium.moderation.action/title${n}`,
    author,
    rev: `3lzz${String(n).padStart(9, "0")}`,
    action: "set_title",
    target,
    ...(title !== undefined ? { title } : {}),
    createdAt,
  };
}

async function members(stub: Stub): Promise<ApiAnswers["members"]["members"]> {
  const reply = await stub.read({ kind: "members", limit: 50 });
  if (!reply.ok) throw new Error("no members");
  return (reply.answer as ApiAnswers["members"]).members;
}

async function memberTitles(stub: Stub): Promise<Record<string, string | undefined>> {
  return Object.fromEntries((await members(stub)).map((m) => [m.did, m.title]));
}

async function authorTitles(stub: Stub): Promise<Record<string, string | undefined>> {
  const reply = await stub.read({ kind: "preview", limit: 50 });
  if (!reply.ok || reply.answer === null || !("posts" in reply.answer)) throw new Error("no preview");
  return Object.fromEntries(reply.answer.posts.map((p) => [p.author, p.authorTitle]));
}

describe("member titles", () => {
  it("a moderator's title shows in the member list and next to the member's posts", async () => {
    const stub = await seededCommunity([ALICE, BOB]);
    await stub.applyPost(post(ALICE, "a1"));
    await stub.applyPost(post(BOB, "b1"));
    await stub.applyModeration(titleAction(MODERATOR, ALICE, "Head gardener", isoDaysAgo(1)));
    expect((await memberTitles(stub))[ALICE]).toBe("Head gardener");
    expect((await memberTitles(stub))[BOB]).toBeUndefined();
    expect(await authorTitles(stub)).toEqual({ [ALICE]: "Head gardener", [BOB]: undefined });
  });

  it("a non-moderator's title is ignored", async () => {
    const stub = await seededCommunity([ALICE, MALLORY]);
    await stub.applyModeration(titleAction(MALLORY, MALLORY, "Supreme leader", isoDaysAgo(1)));
    await stub.applyModeration(titleAction(ALICE, ALICE, "Self-made", isoDaysAgo(1)));
    const titles = await memberTitles(stub);
    expect(titles[MALLORY]).toBeUndefined();
    expect(titles[ALICE]).toBeUndefined();
  });

  it("the latest title wins, and an empty or absent one clears it", async () => {
    const stub = await seededCommunity([ALICE]);
    // Arrival order does not matter: the newer createdAt wins.
    await stub.applyModeration(titleAction(OWNER, ALICE, "Second", isoDaysAgo(2)));
    await stub.applyModeration(titleAction(MODERATOR, ALICE, "First", isoDaysAgo(3)));
    expect((await memberTitles(stub))[ALICE]).toBe("Second");
    await stub.applyModeration(titleAction(MODERATOR, ALICE, "", isoDaysAgo(1)));
    expect((await memberTitles(stub))[ALICE]).toBeUndefined();
    await stub.applyModeration(titleAction(OWNER, ALICE, "Back", isoDaysAgo(0.5)));
    expect((await memberTitles(stub))[ALICE]).toBe("Back");
    await stub.applyModeration(titleAction(OWNER, ALICE, undefined, isoDaysAgo(0.1)));
    expect((await memberTitles(stub))[ALICE]).toBeUndefined();
  });

  it("a title set after a block does not lift it", async () => {
    const stub = await seededCommunity([ALICE]);
    await stub.applyPost(post(ALICE, "blocked1"));
    await stub.applyModeration(moderation(MODERATOR, "block1", "block_user", ALICE, isoDaysAgo(2)));
    await stub.applyModeration(titleAction(OWNER, ALICE, "Still here", isoDaysAgo(1)));
    expect((await members(stub)).find((m) => m.did === ALICE)).toMatchObject({
      blocked: true,
      title: "Still here",
    });
    expect(await authorTitles(stub)).toEqual({});
  });
});
