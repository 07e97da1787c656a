// net.atrarium.community.get (GET /api/communities/:id): one community from its owner's config.
import { COMMUNITY_GET_NSID } from "@atrarium/lexicon";
import { z } from "zod";
import { communityView, openCommunity } from "../../../community-access.ts";
import { apiMethod, communityId } from "../../../method.ts";

export default apiMethod({
  nsid: COMMUNITY_GET_NSID,
  type: "query",
  auth: "optional",
  rest: { path: "/api/communities/:id" },
  params: z.object({ community: communityId }),
  handler: async (ctx, { community }) => {
    const open = await openCommunity(ctx, community);
    const { info } = await open.read({ kind: "info" });
    return { body: { community: communityView(community, info) }, stale: await open.stale() };
  },
});
