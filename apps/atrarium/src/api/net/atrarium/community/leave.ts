// net.atrarium.community.leave (DELETE /api/memberships/:community): the caller's membership record
// for a registered community, rewritten inactive in their own repo (write/membership.ts); 404
// NotMember when they have none. Its index is not read, so leaving works while it is rebuilt.
import type { COMMUNITY_LEAVE_NSID } from "@atrarium/lexicon";
import { setMembership } from "../../../../write/membership.ts";
import { openCommunity } from "../../../community-access.ts";
import type { ApiHandler } from "../../../method.ts";

const leave: ApiHandler<typeof COMMUNITY_LEAVE_NSID> = async (ctx, _params, { community }) => {
  const open = await openCommunity(ctx, community);
  const body = await setMembership(ctx, community, open.entry.configUri, false);
  return { body, stale: await open.stale() };
};

export default leave;
