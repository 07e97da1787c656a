// The reaction and custom emoji reads of a community's Durable Object, as API queries
// (community/api-queries.ts dispatches them here).
import type { CommunityDefsEmojiView, CommunityDefsReactionView } from "@atrarium/lexicon";
import {
  type EmojiStatus,
  listEmoji,
  type ReactionCheck,
  reactionCheck,
  reactionsOf,
} from "./reaction-rules.ts";

export type ReactionQuery =
  | { kind: "reactions"; posts: string[]; viewer: string | null }
  | { kind: "emoji"; status: EmojiStatus }
  | { kind: "reactionCheck"; did: string; post: string; emojiKey: string };

export interface ReactionAnswers {
  // Posts without counted reactions are absent. (Named fields, not a map or bare array, so the API
  // answer union stays narrowable by `in`.)
  reactions: { reactionsByPost: { uri: string; reactions: CommunityDefsReactionView[] }[] };
  emoji: { emoji: CommunityDefsEmojiView[] };
  reactionCheck: ReactionCheck;
}

export function reactionAnswer(sql: SqlStorage, q: ReactionQuery): ReactionAnswers[keyof ReactionAnswers] {
  switch (q.kind) {
    case "reactions":
      return {
        reactionsByPost: [...reactionsOf(sql, q.posts, q.viewer)].map(([uri, reactions]) => ({
          uri,
          reactions,
        })),
      };
    case "emoji":
      return { emoji: listEmoji(sql, q.status) };
    case "reactionCheck":
      return reactionCheck(sql, q.did, q.post, q.emojiKey);
  }
}
