// net.atrarium.moderation.setTitle (POST /api/moderation/title): a set_title action record in the
// caller's own repo, for the community's owner and listed moderators only (write/moderate.ts). An
// empty title clears the member's title.
import type { MODERATION_SET_TITLE_NSID } from "@atrarium/lexicon";
import { moderate } from "../../../../write/moderate.ts";
import type { ApiHandler } from "../../../method.ts";

const setTitle: ApiHandler<typeof MODERATION_SET_TITLE_NSID> = (ctx, _params, { community, did, title }) =>
  moderate(ctx, "set_title", { community, target: did, targetField: "did", title });

export default setTitle;
