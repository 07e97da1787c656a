// net.atrarium.community.getReactions (GET /api/communities/:id/reactions?uri=): the counted reactions
// to one post (reactions/reaction-rules.ts), `viewer` marking the signed-in caller's own.
import type { COMMUNITY_GET_REACTIONS_NSID } from "@atrarium/lexicon";
import { openCommunity } from "../../../community-access.ts";
import type { ApiHandler } from "../../../method.ts";

const getReactions: ApiHandler<typeof COMMUNITY_GET_REACTIONS_NSID> = async (ctx, { community, uri }) => {
  const open = await openCommunity(ctx, community);
  const { answer } = await open.read({ kind: "reactions", posts: [uri], viewer: ctx.viewer });
  const reactions = answer.reactionsByPost.find((p) => p.uri === uri)?.reactions ?? [];
  return { body: { reactions }, stale: await open.stale() };
};

export default getReactions;
