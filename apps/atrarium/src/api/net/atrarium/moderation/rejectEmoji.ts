// net.atrarium.moderation.rejectEmoji (POST /api/moderation/emoji/reject): a reject_emoji action record
// in the caller's own repo, for the community's owner and listed moderators only (write/moderate.ts).
import type { MODERATION_REJECT_EMOJI_NSID } from "@atrarium/lexicon";
import { moderate } from "../../../../write/moderate.ts";
import type { ApiHandler } from "../../../method.ts";

const rejectEmoji: ApiHandler<typeof MODERATION_REJECT_EMOJI_NSID> = (
  ctx,
  _params,
  { community, uri, reason },
) => moderate(ctx, "reject_emoji", { community, target: uri, targetField: "uri", reason });

export default rejectEmoji;
