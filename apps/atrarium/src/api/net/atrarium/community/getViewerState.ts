// net.atrarium.community.getViewerState (GET /api/communities/:id/me): the signed-in caller's
// effective role and whether they are blocked.
import type { COMMUNITY_GET_VIEWER_STATE_NSID } from "@atrarium/lexicon";
import { openCommunity } from "../../../community-access.ts";
import type { ApiHandler } from "../../../method.ts";

const getViewerState: ApiHandler<typeof COMMUNITY_GET_VIEWER_STATE_NSID> = async (ctx, { community }) => {
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
};

export default getViewerState;
