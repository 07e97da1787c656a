// net.atrarium.community.join (POST /api/memberships): the caller's membership record, active, in
// their own repo (write/membership.ts). The community must exist, as community.get sees it.
import type { COMMUNITY_JOIN_NSID } from "@atrarium/lexicon";
import { setMembership } from "../../../../write/membership.ts";
import { openCommunity } from "../../../community-access.ts";
import type { ApiHandler } from "../../../method.ts";

const join: ApiHandler<typeof COMMUNITY_JOIN_NSID> = async (ctx, _params, { community }) => {
  const open = await openCommunity(ctx, community);
  // 404 for a community whose owner deleted its config, before anything is written.
  await open.read({ kind: "info" });
  const body = await setMembership(ctx, community, open.entry.configUri, true);
  return { body, stale: await open.stale() };
};

export default join;
