// Writes the Worker performs in the user's own repo with the grant the user gave it (issue 20): create
// a community (or a theme inside one), change its feed mix or stage, join, leave, hide/unhide a post, block/unblock a member. The Worker validates the record,
// writes it through the user's OAuth session and indexes it before it answers, so no sync hint follows
// and a new community owns its hashtag at once. Without a Worker session the API client refuses them
// (OAuthSessionRequired) and the UI offers "Allow Atrarium to write to your repository".
import {
  COMMUNITY_CREATE_NSID,
  COMMUNITY_JOIN_NSID,
  COMMUNITY_LEAVE_NSID,
  COMMUNITY_UPDATE_NSID,
  type CommunityDefsCommunityView,
  type CommunityUpdateInput,
  MODERATION_BLOCK_USER_NSID,
  MODERATION_HIDE_POST_NSID,
  MODERATION_UNBLOCK_USER_NSID,
  MODERATION_UNHIDE_POST_NSID,
  type ModerationAction,
} from "@atrarium/lexicon";
import type { ApiClient } from "./api.ts";
import type { CommunityInput } from "./records.ts";

export interface WrittenRecord {
  uri: string;
  cid: string;
}

// `parent`: the id of the community to start a theme inside (its owner or a moderator only).
export async function createCommunity(
  api: ApiClient,
  input: CommunityInput,
  parent?: string,
): Promise<WrittenRecord & { id: string; hashtag: string }> {
  const description = input.description.trim();
  const res = await api.call(
    COMMUNITY_CREATE_NSID,
    {},
    {
      input: {
        name: input.name.trim(),
        ...(description ? { description } : {}),
        moderators: input.moderators,
        ...(parent ? { parent } : {}),
      },
    },
  );
  return { id: res.id, uri: res.uri, cid: res.cid, hashtag: res.hashtag };
}

// The owner's config rewritten with these fields changed (feed mix, stage, texts).
export async function updateCommunityConfig(
  api: ApiClient,
  changes: CommunityUpdateInput,
): Promise<CommunityDefsCommunityView> {
  const res = await api.call(COMMUNITY_UPDATE_NSID, {}, { input: changes });
  return res.community;
}

// Leaving keeps the membership record with active: false (the Worker reuses it on joining again).
export async function setMembership(
  api: ApiClient,
  community: CommunityDefsCommunityView,
  active: boolean,
): Promise<WrittenRecord> {
  const input = { input: { community: community.id } };
  const res = active
    ? await api.call(COMMUNITY_JOIN_NSID, {}, input)
    : await api.call(COMMUNITY_LEAVE_NSID, {}, input);
  return { uri: res.uri, cid: res.cid };
}

export async function moderate(
  api: ApiClient,
  community: CommunityDefsCommunityView,
  action: ModerationAction["action"],
  target: string,
  reason?: string,
): Promise<WrittenRecord> {
  const base = { community: community.id, ...(reason?.trim() ? { reason: reason.trim() } : {}) };
  const post = { input: { ...base, uri: target } };
  const user = { input: { ...base, did: target } };
  let res: WrittenRecord;
  switch (action) {
    case "hide_post":
      res = await api.call(MODERATION_HIDE_POST_NSID, {}, post);
      break;
    case "unhide_post":
      res = await api.call(MODERATION_UNHIDE_POST_NSID, {}, post);
      break;
    case "block_user":
      res = await api.call(MODERATION_BLOCK_USER_NSID, {}, user);
      break;
    case "unblock_user":
      res = await api.call(MODERATION_UNBLOCK_USER_NSID, {}, user);
      break;
    default:
      throw new Error(`unknown moderation action ${action}`);
  }
  return { uri: res.uri, cid: res.cid };
}
