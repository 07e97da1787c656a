// Switching a community open -> invite-only through community.update keeps its members: before the new
// config is written, the owner's repo gets an approve_member action for every active member no staff
// member has accepted yet (not the blocked, not those whose request a rejection ended), so the switch
// is a record in the repo, not a memory of the index, and survives any rebuild. A config edited to
// invite-only elsewhere (not through the route) gets no such records: its members become requests that
// staff approve from the requests list. Invite-only -> open needs nothing: in an open community every
// active membership is a member, so the pending requests become members at once.
import { MODERATION_ACTION_NSID } from "@atrarium/lexicon";
import type { OpenCommunity } from "../api/community-access.ts";
import type { ApiContext } from "../api/method.ts";
import { moderationRecord } from "./moderate.ts";
import { createOwnRecord } from "./own-write.ts";
import { asJson } from "./valid-record.ts";

const PAGE_SIZE = 100;
// 20 pages: 2000 members approved in one switch at most; the rest (if ever) stay requests.
const MAX_PAGES = 20;
const REASON = "member when the community became invite-only";

/** Approves the open community's current members; the number approved. */
export async function keepMembersOnSwitch(ctx: ApiContext, open: OpenCommunity): Promise<number> {
  let cursor: string | undefined;
  let approved = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { answer, info } = await open.read({
      kind: "requests",
      limit: PAGE_SIZE,
      cursor,
      asIfInviteOnly: true,
    });
    for (const request of answer.requests) {
      const record = moderationRecord(
        "approve_member",
        info.uri,
        { community: open.entry.id, target: request.did, targetField: "did", reason: REASON },
        new Date(),
      );
      await createOwnRecord(ctx, MODERATION_ACTION_NSID, asJson(record));
      approved++;
    }
    if (!answer.cursor) break;
    cursor = answer.cursor;
  }
  return approved;
}
