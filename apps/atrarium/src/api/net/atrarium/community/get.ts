// net.atrarium.community.get (GET /api/communities/:id): one community from its owner's config.
import type { COMMUNITY_GET_NSID } from "@atrarium/lexicon";
import { communityView, openCommunity } from "../../../community-access.ts";
import type { ApiHandler } from "../../../method.ts";

const get: ApiHandler<typeof COMMUNITY_GET_NSID> = async (ctx, { community }) => {
  const open = await openCommunity(ctx, community);
  const { info, answer } = await open.read({
    kind: "lifecycle",
    thresholds: ctx.services.settings.lifecycle,
  });
  return { body: { community: communityView(community, info, answer?.status) }, stale: await open.stale() };
};

export default get;
