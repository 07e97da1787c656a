// net.atrarium.community.getFeedPreview (GET /api/communities/:id/feed): the visible feed with post
// text from the index, newest first, paged like getFeedSkeleton.
import { COMMUNITY_GET_FEED_PREVIEW_NSID } from "@atrarium/lexicon";
import { z } from "zod";
import { openCommunity } from "../../../community-access.ts";
import { apiMethod, communityId, pageCursor, pageLimit } from "../../../method.ts";

export default apiMethod({
  nsid: COMMUNITY_GET_FEED_PREVIEW_NSID,
  type: "query",
  auth: "optional",
  rest: { path: "/api/communities/:id/feed" },
  params: z.object({ community: communityId, limit: pageLimit, cursor: pageCursor }),
  handler: async (ctx, { community, limit, cursor }) => {
    const open = await openCommunity(ctx, community);
    const { answer: page } = await open.read({ kind: "preview", limit, cursor });
    return { body: { ...page }, stale: await open.stale() };
  },
});
