// net.atrarium.community.getStats (GET /api/communities/:id/stats): members, visible posts of the
// last 24 h and 7 days, hidden posts, last activity.
import type { COMMUNITY_GET_STATS_NSID } from "@atrarium/lexicon";
import { openCommunity } from "../../../community-access.ts";
import type { ApiHandler } from "../../../method.ts";

const getStats: ApiHandler<typeof COMMUNITY_GET_STATS_NSID> = async (ctx, { community }) => {
  const open = await openCommunity(ctx, community);
  const { answer } = await open.read({ kind: "stats" });
  return { body: answer, stale: await open.stale() };
};

export default getStats;
