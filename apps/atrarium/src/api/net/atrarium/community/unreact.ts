// net.atrarium.community.unreact (POST /api/reactions/delete): deletes the caller's reaction records to
// a post with one emoji from their own repo (write/reactions.ts).
import type { COMMUNITY_UNREACT_NSID } from "@atrarium/lexicon";
import { unreact as unreactInOwnRepo } from "../../../../write/reactions.ts";
import type { ApiHandler } from "../../../method.ts";

const unreact: ApiHandler<typeof COMMUNITY_UNREACT_NSID> = (ctx, _params, input) =>
  unreactInOwnRepo(ctx, input);

export default unreact;
