// net.atrarium.moderation.rejectMember (POST /api/moderation/reject-member): an reject_member action record in the
// caller's own repo, for the community's owner and listed moderators only (write/member-decision.ts).
import type { MODERATION_REJECT_MEMBER_NSID } from "@atrarium/lexicon";
import { decideMember } from "../../../../write/member-decision.ts";
import type { ApiHandler } from "../../../method.ts";

const rejectMember: ApiHandler<typeof MODERATION_REJECT_MEMBER_NSID> = (ctx, _params, input) =>
  decideMember(ctx, "reject_member", input);

export default rejectMember;
