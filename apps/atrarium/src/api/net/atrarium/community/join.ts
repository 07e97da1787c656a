// net.atrarium.community.join (POST /api/memberships): the caller's membership record, active, in
// their own repo (write/membership.ts). The community must exist, as community.get sees it. In an
// invite-only community the membership is a join request (community/member-access.ts) unless the
// caller was invited or approved: the answer says pending. Asking again after a rejection writes a new
// joinedAt, which makes it a new request.
import type { COMMUNITY_JOIN_NSID } from "@atrarium/lexicon";
import { INVITE_ONLY } from "../../../../community/member-access.ts";
import { setMembership } from "../../../../write/membership.ts";
import { openCommunity } from "../../../community-access.ts";
import type { ApiHandler } from "../../../method.ts";

const join: ApiHandler<typeof COMMUNITY_JOIN_NSID> = async (ctx, _params, { community }) => {
  const open = await openCommunity(ctx, community);
  // 404 for a community whose owner deleted its config, before anything is written.
  const { info, answer: before } = await open.read({ kind: "viewer", did: ctx.viewer as string });
  const inviteOnly = info.accessType === INVITE_ONLY;
  const newRequest = inviteOnly && before.role === null && !before.pending;
  const body = await setMembership(ctx, community, open.entry.configUri, true, newRequest);
  const pending =
    inviteOnly && (await open.read({ kind: "viewer", did: ctx.viewer as string })).answer.pending;
  return { body: { ...body, pending }, stale: await open.stale() };
};

export default join;
