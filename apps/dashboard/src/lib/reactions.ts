// Reactions and custom emoji (issue 22): the Worker's write routes (each a record in the user's own
// repo, indexed before the answer), the community's emoji lists, and the image upload, which goes to
// the user's own PDS with their own session (com.atproto.repo.uploadBlob) before the Worker is asked
// to write the emoji record naming that blob.

import type { Agent } from "@atproto/api";
import {
  COMMUNITY_LIST_EMOJI_NSID,
  COMMUNITY_PROPOSE_EMOJI_NSID,
  COMMUNITY_REACT_NSID,
  COMMUNITY_UNREACT_NSID,
  type CommunityDefsEmojiView,
  type CommunityDefsReactionView,
  EMOJI_MAX_BYTES,
  EMOJI_MIME_TYPES,
  MODERATION_APPROVE_EMOJI_NSID,
  MODERATION_REJECT_EMOJI_NSID,
} from "@atrarium/lexicon";
import { useQuery } from "@tanstack/react-query";
import type { ApiClient } from "./api.ts";
import { keys, REFRESH_MS, useApi } from "./queries.ts";
import { useSession } from "./session.tsx";

// The picker's Unicode emoji; the community's approved custom emoji follow them.
export const COMMON_EMOJI = ["👍", "❤️", "😂", "🎉", "😮", "🙏", "🌱", "👀"] as const;

// Only these are ever drawn: an SVG (or anything else) from a record is never put in an <img>.
export const isRasterEmoji = (mimeType: string) => (EMOJI_MIME_TYPES as readonly string[]).includes(mimeType);

/** The emoji a reaction or picker entry stands for, as the write routes take it. */
export type EmojiChoice = { emoji: string } | { customEmoji: string };

export const choiceOf = (r: CommunityDefsReactionView): EmojiChoice =>
  r.customEmoji ? { customEmoji: r.customEmoji.uri } : { emoji: r.emoji };

export async function setReaction(
  api: ApiClient,
  community: string,
  post: { uri: string; cid: string },
  choice: EmojiChoice,
  on: boolean,
): Promise<void> {
  if (on)
    await api.call(
      COMMUNITY_REACT_NSID,
      {},
      { input: { community, uri: post.uri, cid: post.cid, ...choice } },
    );
  else await api.call(COMMUNITY_UNREACT_NSID, {}, { input: { community, uri: post.uri, ...choice } });
}

export class EmojiFileError extends Error {
  constructor(readonly reason: "type" | "size") {
    super(reason === "type" ? "not a PNG, WebP or GIF image" : `larger than ${EMOJI_MAX_BYTES} bytes`);
  }
}

/** Checks the file before anything is uploaded (the Worker refuses the same things). */
export function checkEmojiFile(file: File): void {
  if (!isRasterEmoji(file.type)) throw new EmojiFileError("type");
  if (file.size > EMOJI_MAX_BYTES) throw new EmojiFileError("size");
}

export async function proposeEmoji(
  agent: Agent,
  api: ApiClient,
  community: string,
  shortcode: string,
  file: File,
): Promise<void> {
  checkEmojiFile(file);
  const uploaded = await agent.com.atproto.repo.uploadBlob(new Uint8Array(await file.arrayBuffer()), {
    encoding: file.type,
  });
  // The blob ref as JSON ({$type: "blob", ref: {$link}, mimeType, size}), as the record stores it.
  const image = uploaded.data.blob.toJSON();
  await api.call(COMMUNITY_PROPOSE_EMOJI_NSID, {}, { input: { community, shortcode, image } });
}

export async function decideEmoji(api: ApiClient, community: string, uri: string, approve: boolean) {
  const input = { input: { community, uri } };
  if (approve) await api.call(MODERATION_APPROVE_EMOJI_NSID, {}, input);
  else await api.call(MODERATION_REJECT_EMOJI_NSID, {}, input);
}

// Pending emoji are the owner's and moderators' only (the Worker answers 403 to others).
export function useEmojiList(id: string, status: "approved" | "pending", enabled = true) {
  const api = useApi();
  const { state } = useSession();
  return useQuery({
    queryKey: [...keys.community(id), "emoji", status, state.status === "signed-in" ? state.did : ""],
    queryFn: async (): Promise<CommunityDefsEmojiView[]> =>
      (await api.call(COMMUNITY_LIST_EMOJI_NSID, { community: id, status })).emoji,
    enabled,
    refetchInterval: REFRESH_MS,
  });
}
