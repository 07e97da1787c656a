// net.atrarium.community.update (POST /api/communities/:id/config): the owner changes the feed mix,
// the stage or the texts of their community's config, in their own repo (write/update-community.ts).
import type { COMMUNITY_UPDATE_NSID } from "@atrarium/lexicon";
import { updateCommunity } from "../../../../write/update-community.ts";
import type { ApiHandler } from "../../../method.ts";

const update: ApiHandler<typeof COMMUNITY_UPDATE_NSID> = (ctx, _params, input) => updateCommunity(ctx, input);

export default update;
