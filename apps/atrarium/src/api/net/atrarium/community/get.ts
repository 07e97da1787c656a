// net.atrarium.community.get (GET /api/communities/:id): one community from its owner's config.
import type { COMMUNITY_GET_NSID } from "@atrarium/lexicon";
import { communityView, openCommunity } from "../../../community-access.ts";
import type { ApiHandler } from "../../../method.ts";

const get: ApiHandler<typeof COMMUNITY_GET_NSID> = async (ctx, { community }) => {
  const open = await openCommunity(ctx, community);
  const { info } = await open.read({ kind: "info" });
  return { body: { community: communityView(community, info) }, stale: await open.stale() };
};

export default get;
