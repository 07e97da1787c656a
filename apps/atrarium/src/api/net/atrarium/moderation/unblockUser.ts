// net.atrarium.moderation.unblockUser (POST /api/moderation/unblock): a unblock_user action record in the
// caller's own repo, for the community's owner and listed moderators only (write/moderate.ts).
import type { MODERATION_UNBLOCK_USER_NSID } from "@atrarium/lexicon";
import { moderate } from "../../../../write/moderate.ts";
import type { ApiHandler } from "../../../method.ts";

const unblockUser: ApiHandler<typeof MODERATION_UNBLOCK_USER_NSID> = (
  ctx,
  _params,
  { community, did, reason },
) => moderate(ctx, "unblock_user", { community, target: did, targetField: "did", reason });

export default unblockUser;
