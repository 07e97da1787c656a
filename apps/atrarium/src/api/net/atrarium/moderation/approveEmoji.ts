// net.atrarium.moderation.approveEmoji (POST /api/moderation/emoji/approve): a approve_emoji action record
// in the caller's own repo, for the community's owner and listed moderators only (write/moderate.ts).
import type { MODERATION_APPROVE_EMOJI_NSID } from "@atrarium/lexicon";
import { moderate } from "../../../../write/moderate.ts";
import type { ApiHandler } from "../../../method.ts";

const approveEmoji: ApiHandler<typeof MODERATION_APPROVE_EMOJI_NSID> = (
  ctx,
  _params,
  { community, uri, reason },
) => moderate(ctx, "approve_emoji", { community, target: uri, targetField: "uri", reason });

export default approveEmoji;
