// Records as the queue consumer hands them to a CommunityFeed DO, and a fresh DO per test (storage
// is shared by all tests of a file, so each test takes its own object name).
import { env } from "cloudflare:test";
import type {
  ConfigInput,
  MembershipInput,
  ModerationInput,
  PostInput,
} from "../../src/community/community-store.ts";

export const OWNER = "did:plc:owner0000000000000000000";
export const MODERATOR = "did:plc:moderator00000000000000";
export const ALICE = "did:plc:alice0000000000000000000";
export const BOB = "did:plc:bob000000000000000000000";
export const MALLORY = "did:plc:mallory00000000000000000";

const DAY_MS = 24 * 60 * 60 * 1000;
let objects = 0;

export function freshCommunity() {
  objects++;
  return env.COMMUNITY_FEED.get(env.COMMUNITY_FEED.idFromName(`community-${objects}`));
}

// Repo revs are TIDs: fixed-length strings that sort in commit order.
export const rev = (n: number) => `3lzz${String(n).padStart(9, "0")}`;
export const isoDaysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();

export function config(over: Partial<ConfigInput> = {}): ConfigInput {
  return {
    uri: `at://${OWNER}/net.atrarium.community.config/self`,
    owner: OWNER,
    rev: rev(1),
    name: "Gardeners",
    hashtag: "#atrarium_gardeners",
    stage: "theme",
    moderators: [MODERATOR],
    feedMix: { own: 100, parent: 0, global: 0 },
    createdAt: isoDaysAgo(30),
    ...over,
  };
}

export function membership(did: string, over: Partial<MembershipInput> = {}): MembershipInput {
  return {
    uri: `at://${did}/net.atrarium.community.membership/gardeners`,
    did,
    rev: rev(1),
    role: "member",
    active: true,
    joinedAt: isoDaysAgo(1),
    ...over,
  };
}

export function post(author: string, rkey: string, over: Partial<PostInput> = {}): PostInput {
  return {
    uri: `at://${author}/app.bsky.feed.post/${rkey}`,
    author,
    rev: rev(1),
    cid: `bafy-${rkey}`,
    text: `post ${rkey} #atrarium_gardeners`,
    createdAt: new Date().toISOString(),
    ...over,
  };
}

export function moderation(
  author: string,
  rkey: string,
  action: "hide_post" | "unhide_post" | "block_user" | "unblock_user",
  target: string,
  createdAt: string,
  over: Partial<ModerationInput> = {},
): ModerationInput {
  return {
    uri: `at://${author}/net.atrarium.moderation.action/${rkey}`,
    author,
    rev: rev(1),
    action,
    target,
    createdAt,
    ...over,
  };
}

// A community with its config and active members, ready to take posts.
export async function seededCommunity(members: string[] = [ALICE]) {
  const stub = freshCommunity();
  await stub.applyConfig(config());
  for (const did of members) await stub.applyMembership(membership(did));
  return stub;
}

export async function feedUris(stub: ReturnType<typeof freshCommunity>, limit = 50): Promise<string[]> {
  const result = await stub.feed(OWNER, limit);
  if (!result.ok) throw new Error(`feed failed: ${result.error}`);
  return result.page.posts.map((p) => p.uri);
}
