// net.atrarium.community.listMembers (GET /api/communities/:id/members): owner, listed moderators
// and active members with their effective roles, paged.
import { COMMUNITY_LIST_MEMBERS_NSID } from "@atrarium/lexicon";
import { z } from "zod";
import { openCommunity } from "../../../community-access.ts";
import { apiMethod, communityId, pageCursor, pageLimit } from "../../../method.ts";

export default apiMethod({
  nsid: COMMUNITY_LIST_MEMBERS_NSID,
  type: "query",
  auth: "optional",
  rest: { path: "/api/communities/:id/members" },
  params: z.object({ community: communityId, limit: pageLimit, cursor: pageCursor }),
  handler: async (ctx, { community, limit, cursor }) => {
    const open = await openCommunity(ctx, community);
    const { answer: page } = await open.read({ kind: "members", limit, cursor });
    return { body: { ...page }, stale: await open.stale() };
  },
});
