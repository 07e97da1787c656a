// net.atrarium.moderation.approveMember (POST /api/moderation/approve-member): an approve_member action record in the
// caller's own repo, for the community's owner and listed moderators only (write/member-decision.ts).
import type { MODERATION_APPROVE_MEMBER_NSID } from "@atrarium/lexicon";
import { decideMember } from "../../../../write/member-decision.ts";
import type { ApiHandler } from "../../../method.ts";

const approveMember: ApiHandler<typeof MODERATION_APPROVE_MEMBER_NSID> = (ctx, _params, input) =>
  decideMember(ctx, "approve_member", input);

export default approveMember;
