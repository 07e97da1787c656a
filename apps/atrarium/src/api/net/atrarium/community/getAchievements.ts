// net.atrarium.community.getAchievements (GET /api/communities/:id/achievements): the community's
// milestones and, when asked, one member's (achievements/). Public like getStats. theme-spawned needs
// the hierarchy, which only the API sees: the children are looked up while it is not yet awarded.
import type { COMMUNITY_GET_ACHIEVEMENTS_NSID } from "@atrarium/lexicon";
import { openCommunity } from "../../../community-access.ts";
import { childrenOf } from "../../../hierarchy.ts";
import type { ApiHandler } from "../../../method.ts";

const getAchievements: ApiHandler<typeof COMMUNITY_GET_ACHIEVEMENTS_NSID> = async (
  ctx,
  { community, member },
) => {
  const open = await openCommunity(ctx, community);
  const query = { kind: "achievements" as const, ...(member ? { member } : {}) };
  let { info, answer } = await open.read(query);
  if (!answer.community.some((a) => a.id === "theme-spawned")) {
    const children = await childrenOf(ctx.services.stubs, { id: community, info });
    if (children.length > 0) {
      const created = children.map((c) => Date.parse(c.info.createdAt)).filter(Number.isFinite);
      const firstAt = created.length > 0 ? Math.min(...created) : Date.now();
      ({ answer } = await open.read({ ...query, children: { count: children.length, firstAt } }));
    }
  }
  return { body: answer, stale: await open.stale() };
};

export default getAchievements;
