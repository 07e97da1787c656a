// net.atrarium.community.listRequests (GET /api/communities/:id/requests): the pending join requests of
// an invite-only community, oldest first, for its owner and listed moderators only.
import type { COMMUNITY_LIST_REQUESTS_NSID } from "@atrarium/lexicon";
import { openCommunity, requireStaff } from "../../../community-access.ts";
import type { ApiHandler } from "../../../method.ts";

const listRequests: ApiHandler<typeof COMMUNITY_LIST_REQUESTS_NSID> = async (
  ctx,
  { community, limit, cursor },
) => {
  const open = await openCommunity(ctx, community);
  await requireStaff(open, ctx.viewer as string, "list join requests");
  const { answer: page } = await open.read({ kind: "requests", limit, cursor });
  return { body: page, stale: await open.stale() };
};

export default listRequests;
