// net.atrarium.community.create (POST /api/communities): a new community's config, written into the
// caller's own repo with their OAuth session and indexed at once (write/create-community.ts).
import type { COMMUNITY_CREATE_NSID } from "@atrarium/lexicon";
import { createCommunity } from "../../../../write/create-community.ts";
import type { ApiHandler } from "../../../method.ts";

const create: ApiHandler<typeof COMMUNITY_CREATE_NSID> = async (ctx, _params, input) => ({
  body: await createCommunity(ctx, input),
  stale: false,
});

export default create;
