// How reactions and custom emoji go from a repo commit into their community's object (the shared
// path: ingest/apply-community-record.ts). Both are checked with the lexicon's schema and rules
// first: an emoji whose image is not PNG, WebP or GIF of at most 256 KiB is invalid and never stored.
import { validateCommunityEmoji, validateCommunityReaction } from "@atrarium/lexicon";
import type { CommunityRecordKind } from "../ingest/apply-community-record.ts";

export const REACTION_RECORDS: CommunityRecordKind = {
  table: "reaction",
  plan: (record, { uri, did, rev, cid }) => {
    const checked = validateCommunityReaction(record);
    if (!checked.ok) return null;
    const r = checked.value;
    return {
      community: r.community,
      apply: (feed) =>
        feed.applyReaction({
          uri,
          author: did,
          rev,
          cid: cid ?? null,
          postUri: r.subject.uri,
          postCid: r.subject.cid,
          emojiKey: r.emoji ?? (r.customEmoji as string),
          createdAt: r.createdAt,
        }),
    };
  },
};

export const EMOJI_RECORDS: CommunityRecordKind = {
  table: "emoji",
  plan: (record, { uri, did, rev }) => {
    const checked = validateCommunityEmoji(record);
    if (!checked.ok) return null;
    const e = checked.value;
    return {
      community: e.community,
      apply: (feed) =>
        feed.applyEmoji({
          uri,
          author: did,
          rev,
          shortcode: e.shortcode,
          blobCid: e.image.ref.$link,
          mime: e.image.mimeType,
          size: e.image.size,
          createdAt: e.createdAt,
        }),
    };
  },
};
