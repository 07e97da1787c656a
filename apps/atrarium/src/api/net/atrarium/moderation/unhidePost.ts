// net.atrarium.moderation.unhidePost (POST /api/moderation/unhide): a unhide_post action record in the
// caller's own repo, for the community's owner and listed moderators only (write/moderate.ts).
import type { MODERATION_UNHIDE_POST_NSID } from "@atrarium/lexicon";
import { moderate } from "../../../../write/moderate.ts";
import type { ApiHandler } from "../../../method.ts";

const unhidePost: ApiHandler<typeof MODERATION_UNHIDE_POST_NSID> = (
  ctx,
  _params,
  { community, uri, reason },
) => moderate(ctx, "unhide_post", { community, target: uri, targetField: "uri", reason });

export default unhidePost;
