// net.atrarium.community.listEmoji (GET /api/communities/:id/emoji?status=): the community's approved
// custom emoji for anyone; the pending ones for its owner and listed moderators only.
import type { COMMUNITY_LIST_EMOJI_NSID } from "@atrarium/lexicon";
import { XrpcError } from "../../../../shared/xrpc-error.ts";
import { openCommunity, requireStaff } from "../../../community-access.ts";
import type { ApiHandler } from "../../../method.ts";

const listEmoji: ApiHandler<typeof COMMUNITY_LIST_EMOJI_NSID> = async (ctx, { community, status }) => {
  if (status !== "approved" && status !== "pending")
    throw new XrpcError(400, "InvalidRequest", "status: must be approved or pending");
  const open = await openCommunity(ctx, community);
  if (status === "pending") {
    if (!ctx.viewer) throw new XrpcError(401, "AuthenticationRequired", "sign in to list pending emoji");
    await requireStaff(open, ctx.viewer, "list pending emoji");
  }
  const { answer } = await open.read({ kind: "emoji", status: status as "approved" | "pending" });
  return { body: answer, stale: await open.stale() };
};

export default listEmoji;
