// net.atrarium.community.getFeedPreview (GET /api/communities/:id/feed): the visible feed with post
// text from the index (and facets, embed, reply for rich rendering), newest first, paged like
// getFeedSkeleton; each post with its counted reactions, `viewer` marking the signed-in caller's own.
import type { COMMUNITY_GET_FEED_PREVIEW_NSID } from "@atrarium/lexicon";
import { parsePostContent } from "../../../../community/post-content.ts";
import { openCommunity } from "../../../community-access.ts";
import type { ApiHandler } from "../../../method.ts";

const getFeedPreview: ApiHandler<typeof COMMUNITY_GET_FEED_PREVIEW_NSID> = async (
  ctx,
  { community, limit, cursor },
) => {
  const open = await openCommunity(ctx, community);
  const { answer: page } = await open.read({ kind: "preview", limit, cursor, viewer: ctx.viewer });
  const posts = page.posts.map(({ content, ...post }) => ({ ...post, ...parsePostContent(content) }));
  return { body: { ...page, posts }, stale: await open.stale() };
};

export default getFeedPreview;
