// net.atrarium.community.getHierarchy (GET /api/communities/:id/hierarchy): the parent chain and the
// children of a community (api/hierarchy.ts decides the links).
import type { COMMUNITY_GET_HIERARCHY_NSID } from "@atrarium/lexicon";
import { communityView, openCommunity } from "../../../community-access.ts";
import { ancestorsOf, childrenOf } from "../../../hierarchy.ts";
import type { ApiHandler } from "../../../method.ts";

const getHierarchy: ApiHandler<typeof COMMUNITY_GET_HIERARCHY_NSID> = async (ctx, { community }) => {
  const open = await openCommunity(ctx, community);
  const { info } = await open.read({ kind: "info" });
  const here = { id: community, info };
  const { stubs } = ctx.services;
  const [{ status, ancestors }, children] = await Promise.all([
    ancestorsOf(stubs, here),
    childrenOf(stubs, here),
  ]);
  return {
    body: {
      community: communityView(community, info),
      parentStatus: status,
      ancestors: ancestors.map((a) => communityView(a.id, a.info)),
      children: children.map((c) => communityView(c.id, c.info)),
    },
    stale: await open.stale(),
  };
};

export default getHierarchy;
