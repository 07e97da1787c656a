// net.atrarium.moderation.listActions (GET /api/moderation/actions?community=): the community's
// moderation actions, newest first, for its owner and listed moderators only.
import type { MODERATION_LIST_ACTIONS_NSID } from "@atrarium/lexicon";
import { openCommunity, requireStaff } from "../../../community-access.ts";
import type { ApiHandler } from "../../../method.ts";

const listActions: ApiHandler<typeof MODERATION_LIST_ACTIONS_NSID> = async (
  ctx,
  { community, limit, cursor },
) => {
  const open = await openCommunity(ctx, community);
  await requireStaff(open, ctx.viewer as string, "list actions");
  const { answer: page } = await open.read({ kind: "actions", limit, cursor });
  return { body: page, stale: await open.stale() };
};

export default listActions;
