// net.atrarium.community.getViewerState (GET /api/communities/:id/me): the signed-in caller's
// effective role and whether they are blocked.
import { COMMUNITY_GET_VIEWER_STATE_NSID } from "@atrarium/lexicon";
import { z } from "zod";
import { openCommunity } from "../../../community-access.ts";
import { apiMethod, communityId } from "../../../method.ts";

export default apiMethod({
  nsid: COMMUNITY_GET_VIEWER_STATE_NSID,
  type: "query",
  auth: "required",
  rest: { path: "/api/communities/:id/me" },
  params: z.object({ community: communityId }),
  handler: async (ctx, { community }) => {
    const did = ctx.viewer as string;
    const open = await openCommunity(ctx, community);
    const { answer: v } = await open.read({ kind: "viewer", did });
    return {
      body: {
        did,
        member: v.role !== null,
        ...(v.role ? { role: v.role } : {}),
        blocked: v.blocked,
        ...(v.membershipUri ? { membershipUri: v.membershipUri } : {}),
      },
      stale: await open.stale(),
    };
  },
});
