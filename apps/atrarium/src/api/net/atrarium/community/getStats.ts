// net.atrarium.community.getStats (GET /api/communities/:id/stats): members, visible posts of the
// last 24 h and 7 days, hidden posts, last activity.
import { COMMUNITY_GET_STATS_NSID } from "@atrarium/lexicon";
import { z } from "zod";
import { openCommunity } from "../../../community-access.ts";
import { apiMethod, communityId } from "../../../method.ts";

export default apiMethod({
  nsid: COMMUNITY_GET_STATS_NSID,
  type: "query",
  auth: "optional",
  rest: { path: "/api/communities/:id/stats" },
  params: z.object({ community: communityId }),
  handler: async (ctx, { community }) => {
    const open = await openCommunity(ctx, community);
    const { answer } = await open.read({ kind: "stats" });
    return { body: { ...answer }, stale: await open.stale() };
  },
});
