// approveMember / rejectMember / inviteMember's work: a staff decision on who belongs to an invite-only
// community (community/member-access.ts), written like every moderation action (write/moderate.ts).
// A blocked user's request is refused: approving or inviting them answers 409 and writes nothing
// (an approval written anyway, e.g. straight into a repo, is ignored at read time while they are blocked).
import type { ModerationApproveMemberInput } from "@atrarium/lexicon";
import { openCommunity } from "../api/community-access.ts";
import type { ApiContext } from "../api/method.ts";
import { XrpcError } from "../shared/xrpc-error.ts";
import { moderate } from "./moderate.ts";

type Decision = "approve_member" | "reject_member" | "invite_member";

export async function decideMember(
  ctx: ApiContext,
  action: Decision,
  { community, did, reason }: ModerationApproveMemberInput,
) {
  if (action !== "reject_member") {
    const open = await openCommunity(ctx, community);
    const { answer } = await open.read({ kind: "viewer", did });
    if (answer.blocked)
      throw new XrpcError(
        409,
        "UserBlocked",
        `${did} is blocked in community ${community}; unblock them first`,
      );
  }
  return moderate(ctx, action, { community, target: did, targetField: "did", reason });
}
