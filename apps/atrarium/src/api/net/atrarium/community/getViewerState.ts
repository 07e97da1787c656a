// net.atrarium.community.getViewerState (GET /api/communities/:id/me): the signed-in caller's
// effective role, whether they are blocked, whether their join request waits (invite-only), and a pending owner transfer they are party to.
import type { COMMUNITY_GET_VIEWER_STATE_NSID } from "@atrarium/lexicon";
import { offerSeenBy } from "../../../../write/transfer.ts";
import { openCommunity } from "../../../community-access.ts";
import type { ApiHandler } from "../../../method.ts";

const getViewerState: ApiHandler<typeof COMMUNITY_GET_VIEWER_STATE_NSID> = async (ctx, { community }) => {
  const did = ctx.viewer as string;
  const open = await openCommunity(ctx, community);
  const { answer: v } = await open.read({ kind: "viewer", did });
  const transferOffer = await offerSeenBy(ctx, community, did);
  return {
    body: {
      did,
      member: v.role !== null,
      ...(v.role ? { role: v.role } : {}),
      blocked: v.blocked,
      pending: v.pending,
      ...(v.membershipUri ? { membershipUri: v.membershipUri } : {}),
      ...(transferOffer ? { transferOffer } : {}),
    },
    stale: await open.stale(),
  };
};

export default getViewerState;
