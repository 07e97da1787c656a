// net.atrarium.moderation.blockUser (POST /api/moderation/block): a block_user action record in the
// caller's own repo, for the community's owner and listed moderators only (write/moderate.ts).
import type { MODERATION_BLOCK_USER_NSID } from "@atrarium/lexicon";
import { moderate } from "../../../../write/moderate.ts";
import type { ApiHandler } from "../../../method.ts";

const blockUser: ApiHandler<typeof MODERATION_BLOCK_USER_NSID> = (ctx, _params, { community, did, reason }) =>
  moderate(ctx, "block_user", { community, target: did, targetField: "did", reason });

export default blockUser;
