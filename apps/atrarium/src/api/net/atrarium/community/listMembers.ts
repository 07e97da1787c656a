// net.atrarium.community.listMembers (GET /api/communities/:id/members): owner, listed moderators
// and active members with their effective roles, paged.
import type { COMMUNITY_LIST_MEMBERS_NSID } from "@atrarium/lexicon";
import { openCommunity } from "../../../community-access.ts";
import type { ApiHandler } from "../../../method.ts";

const listMembers: ApiHandler<typeof COMMUNITY_LIST_MEMBERS_NSID> = async (
  ctx,
  { community, limit, cursor },
) => {
  const open = await openCommunity(ctx, community);
  const { answer: page } = await open.read({ kind: "members", limit, cursor });
  return { body: page, stale: await open.stale() };
};

export default listMembers;
