// net.atrarium.community.getSuggestions (GET /api/communities/:id/suggestions): the lifecycle status,
// the figures behind it and the Worker's suggestions (lifecycle/lifecycle-rules.ts), for the owner
// and listed moderators only, with the times the Worker recorded (lifecycle/lifecycle-marks.ts). Suggestions change nothing: the owner acts on them through
// community.update, in their own repo.
import type { COMMUNITY_GET_SUGGESTIONS_NSID } from "@atrarium/lexicon";
import { notFound, openCommunity, requireStaff } from "../../../community-access.ts";
import type { ApiHandler } from "../../../method.ts";

const getSuggestions: ApiHandler<typeof COMMUNITY_GET_SUGGESTIONS_NSID> = async (ctx, { community }) => {
  const open = await openCommunity(ctx, community);
  await requireStaff(open, ctx.viewer as string, "see its lifecycle suggestions");
  const { answer } = await open.read({ kind: "lifecycle", thresholds: ctx.services.settings.lifecycle });
  if (!answer) throw notFound(community);
  const { figures, status, suggestions, statusSince, suggestedAt } = answer;
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    body: {
      status,
      statusSince: iso(statusSince),
      figures: {
        members: figures.members,
        activePosters: figures.activePosters,
        postsLast7Days: figures.postsLast7Days,
        lastActivityAt: iso(figures.lastActivityMs),
      },
      suggestions: suggestions.map((s) => {
        const at = suggestedAt[s.kind];
        return at === undefined ? s : { ...s, suggestedAt: iso(at) };
      }),
    },
    stale: await open.stale(),
  };
};

export default getSuggestions;
