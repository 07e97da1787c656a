// net.atrarium.moderation.inviteMember (POST /api/moderation/invite-member): an invite_member action record in the
// caller's own repo, for the community's owner and listed moderators only (write/member-decision.ts).
import type { MODERATION_INVITE_MEMBER_NSID } from "@atrarium/lexicon";
import { decideMember } from "../../../../write/member-decision.ts";
import type { ApiHandler } from "../../../method.ts";

const inviteMember: ApiHandler<typeof MODERATION_INVITE_MEMBER_NSID> = (ctx, _params, input) =>
  decideMember(ctx, "invite_member", input);

export default inviteMember;
