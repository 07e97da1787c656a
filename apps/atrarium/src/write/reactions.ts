// net.atrarium.community.react / unreact / proposeEmoji's work: reaction and custom emoji records in
// the caller's own repo, checked by the lexicon's schema and rules, written with the caller's OAuth
// session and indexed at once. Only members and staff may react or propose (theirs are the ones that
// count); react is idempotent against the index, which holds the caller's own writes as soon as they
// are acknowledged; unreact deletes whatever records of the caller's the index counts for that emoji.
import { AtUri } from "@atproto/syntax";
import {
  COMMUNITY_EMOJI_NSID,
  COMMUNITY_REACTION_NSID,
  type CommunityProposeEmojiInput,
  type CommunityProposeEmojiOutput,
  type CommunityReactInput,
  type CommunityReactOutput,
  type CommunityUnreactInput,
  type CommunityUnreactOutput,
  validateCommunityEmoji,
  validateCommunityReaction,
} from "@atrarium/lexicon";
import { type OpenCommunity, openCommunity } from "../api/community-access.ts";
import type { ApiContext } from "../api/method.ts";
import { XrpcError } from "../shared/xrpc-error.ts";
import { createOwnRecord, deleteOwnRecord } from "./own-write.ts";
import { asJson, validRecord } from "./valid-record.ts";

type Result<Output> = { body: Omit<Output, "stale">; stale: boolean };

// Far more than one caller keeps for one post and emoji; the index collapses duplicates anyway.
const MAX_DELETES = 20;

/** The emoji as the index keys it: the Unicode emoji or the custom emoji record's at-uri. */
function emojiKey(input: { emoji?: string; customEmoji?: string }): string {
  if ((input.emoji === undefined) === (input.customEmoji === undefined))
    throw new XrpcError(400, "InvalidRequest", "emoji: give exactly one of emoji and customEmoji");
  return input.emoji ?? (input.customEmoji as string);
}

async function requireMember(open: OpenCommunity, did: string, forWhat: string): Promise<void> {
  const { role, blocked } = (await open.read({ kind: "viewer", did })).answer;
  if (!role) throw new XrpcError(403, "NotMember", `only members and staff of the community may ${forWhat}`);
  if (blocked) throw new XrpcError(403, "Forbidden", `${did} is blocked in this community`);
}

export async function react(
  ctx: ApiContext,
  input: CommunityReactInput,
): Promise<Result<CommunityReactOutput>> {
  const key = emojiKey(input);
  const open = await openCommunity(ctx, input.community);
  const record = asJson(
    validRecord(
      validateCommunityReaction({
        $type: COMMUNITY_REACTION_NSID,
        subject: { uri: input.uri, cid: input.cid },
        community: open.entry.configUri,
        ...(input.emoji !== undefined ? { emoji: input.emoji } : { customEmoji: input.customEmoji }),
        createdAt: new Date().toISOString(),
      }),
      { "subject.uri": "uri", "subject.cid": "cid" },
    ),
  );
  const did = ctx.viewer as string;
  await requireMember(open, did, "react");
  const check = (await open.read({ kind: "reactionCheck", did, post: input.uri, emojiKey: key })).answer;
  if (!check.postCid)
    throw new XrpcError(
      404,
      "PostNotFound",
      `${input.uri} is not a visible post of community ${input.community}`,
    );
  if (!check.emojiUsable)
    throw new XrpcError(400, "EmojiNotApproved", `${key} is not an approved custom emoji of this community`);
  const existing = check.own[0];
  if (existing) {
    const cid =
      existing.cid ??
      (await (await ctx.writer()).getRecord(COMMUNITY_REACTION_NSID, new AtUri(existing.uri).rkey))?.cid;
    if (cid) return { body: { uri: existing.uri, cid, created: false }, stale: await open.stale() };
  }
  const ack = await createOwnRecord(ctx, COMMUNITY_REACTION_NSID, record);
  return { body: { uri: ack.uri, cid: ack.cid, created: true }, stale: await open.stale() };
}

export async function unreact(
  ctx: ApiContext,
  input: CommunityUnreactInput,
): Promise<Result<CommunityUnreactOutput>> {
  const key = emojiKey(input);
  const open = await openCommunity(ctx, input.community);
  const did = ctx.viewer as string;
  const { own } = (await open.read({ kind: "reactionCheck", did, post: input.uri, emojiKey: key })).answer;
  let deleted = 0;
  for (const { uri } of own.slice(0, MAX_DELETES))
    if (await deleteOwnRecord(ctx, COMMUNITY_REACTION_NSID, new AtUri(uri).rkey)) deleted++;
  return { body: { deleted }, stale: await open.stale() };
}

export async function proposeEmoji(
  ctx: ApiContext,
  input: CommunityProposeEmojiInput,
): Promise<Result<CommunityProposeEmojiOutput>> {
  const open = await openCommunity(ctx, input.community);
  const record = asJson(
    validRecord(
      validateCommunityEmoji({
        $type: COMMUNITY_EMOJI_NSID,
        shortcode: input.shortcode,
        image: input.image,
        community: open.entry.configUri,
        createdAt: new Date().toISOString(),
      }),
    ),
  );
  await requireMember(open, ctx.viewer as string, "propose custom emoji");
  const ack = await createOwnRecord(ctx, COMMUNITY_EMOJI_NSID, record);
  return { body: { uri: ack.uri, cid: ack.cid }, stale: await open.stale() };
}
