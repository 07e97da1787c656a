// The four moderation writes (hidePost, unhidePost, blockUser, unblockUser): only the community's owner
// or a moderator its config lists may act (403 before anything is written); the action record is
// checked by the lexicon's rules (a post at-uri for the post actions, a DID for the user ones),
// written into the caller's repo and indexed at once.
import {
  MODERATION_ACTION_NSID,
  type ModerationAction,
  type ModerationHidePostOutput,
  validateModerationAction,
} from "@atrarium/lexicon";
import { openCommunity, requireStaff } from "../api/community-access.ts";
import type { ApiContext } from "../api/method.ts";
import { createOwnRecord } from "./own-write.ts";
import { asJson, validRecord } from "./valid-record.ts";

type Action = ModerationAction["action"];

export interface ModerationRequest {
  community: string;
  // The post at-uri or user DID, and the input field it came in (named in a 400).
  target: string;
  targetField: "uri" | "did";
  reason?: string;
  // set_title: the member's title; empty clears it (the record then carries none).
  title?: string;
}

/** The action record, checked by the lexicon's schema and rules. */
export function moderationRecord(
  action: Action,
  communityUri: string,
  request: ModerationRequest,
  now: Date,
): ModerationAction {
  const reason = request.reason?.trim();
  return validRecord(
    validateModerationAction({
      $type: MODERATION_ACTION_NSID,
      action,
      target: request.target,
      community: communityUri,
      ...(reason ? { reason } : {}),
      ...(request.title?.trim() ? { title: request.title.trim() } : {}),
      createdAt: now.toISOString(),
    }),
    { target: request.targetField },
  );
}

// Every moderation method answers the same shape (hidePost's stands for all four).
type ModerationOutput = Omit<ModerationHidePostOutput, "stale">;

export async function moderate(
  ctx: ApiContext,
  action: Action,
  request: ModerationRequest,
): Promise<{ body: ModerationOutput; stale: boolean }> {
  const open = await openCommunity(ctx, request.community);
  await requireStaff(open, ctx.viewer as string, "moderate it");
  const record = asJson(moderationRecord(action, open.entry.configUri, request, new Date()));
  const ack = await createOwnRecord(ctx, MODERATION_ACTION_NSID, record);
  return { body: { uri: ack.uri, cid: ack.cid, action }, stale: await open.stale() };
}
