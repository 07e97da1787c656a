// net.atrarium.moderation.hidePost (POST /api/moderation/hide): a hide_post action record in the
// caller's own repo, for the community's owner and listed moderators only (write/moderate.ts).
import type { MODERATION_HIDE_POST_NSID } from "@atrarium/lexicon";
import { moderate } from "../../../../write/moderate.ts";
import type { ApiHandler } from "../../../method.ts";

const hidePost: ApiHandler<typeof MODERATION_HIDE_POST_NSID> = (ctx, _params, { community, uri, reason }) =>
  moderate(ctx, "hide_post", { community, target: uri, targetField: "uri", reason });

export default hidePost;
