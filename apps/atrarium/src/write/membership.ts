// net.atrarium.community.join / leave's work: the caller's membership record for a community, found in
// their own repo (the index may not name an inactive one), rewritten active or not, or created on a
// first join, then indexed at once. Leaving keeps the record (active false, joinedAt kept) so history
// survives; joining again reactivates it with a new joinedAt. The role written is "member": the
// effective role comes from the owner's config, never from this record.

import { AtUri } from "@atproto/syntax";
import {
  COMMUNITY_MEMBERSHIP_NSID,
  type CommunityJoinOutput,
  type CommunityMembership,
  validateCommunityMembership,
} from "@atrarium/lexicon";
import type { ApiContext } from "../api/method.ts";
import type { RepoWriter, StoredRecord } from "../oauth/repo-writer.ts";
import { XrpcError } from "../shared/xrpc-error.ts";
import { indexOwnWrite } from "./own-write.ts";
import { asJson, validRecord } from "./valid-record.ts";

// 20 pages of 100: far more membership records than one account keeps; bounded either way.
const PAGE_SIZE = 100;
const MAX_PAGES = 20;

/** The caller's newest membership record for the community config `communityUri`, active or not. */
export async function ownMembership(writer: RepoWriter, communityUri: string): Promise<StoredRecord | null> {
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await writer.listRecords(COMMUNITY_MEMBERSHIP_NSID, { limit: PAGE_SIZE, cursor });
    const found = res.records.find((r) => r.value.community === communityUri);
    if (found) return found;
    if (!res.cursor || res.records.length === 0) return null;
    cursor = res.cursor;
  }
  return null;
}

/** The record to write: `previous` (the stored one, if any) decides joinedAt. */
export function membershipRecord(
  communityUri: string,
  previous: Record<string, unknown> | null,
  active: boolean,
  now: Date,
  newRequest = false,
): CommunityMembership {
  const before = previous ? validateCommunityMembership(previous) : null;
  const kept = before?.ok ? before.value : null;
  // Leaving, or joining while still a member, keeps the date; a rejoin is a new join, and so is asking
  // again after a rejection (`newRequest`: community/member-access.ts).
  const keepDate = kept && !newRequest && (!active || kept.active);
  return validRecord(
    validateCommunityMembership({
      $type: COMMUNITY_MEMBERSHIP_NSID,
      community: communityUri,
      role: "member",
      joinedAt: keepDate ? kept.joinedAt : now.toISOString(),
      active,
    }),
  );
}

export async function setMembership(
  ctx: ApiContext,
  community: string,
  communityUri: string,
  active: boolean,
  newRequest = false,
): Promise<Omit<CommunityJoinOutput, "stale" | "pending">> {
  const writer = await ctx.writer();
  const previous = await ownMembership(writer, communityUri);
  if (!previous && !active)
    throw new XrpcError(
      404,
      "NotMember",
      `${writer.did} has no membership record for community ${community}`,
    );
  const record = asJson(
    membershipRecord(communityUri, previous?.value ?? null, active, new Date(), newRequest),
  );
  const ack = previous
    ? await writer.putRecord(COMMUNITY_MEMBERSHIP_NSID, new AtUri(previous.uri).rkey, record, previous.cid)
    : await writer.createRecord(COMMUNITY_MEMBERSHIP_NSID, record);
  await indexOwnWrite(ctx.services, {
    did: writer.did,
    collection: COMMUNITY_MEMBERSHIP_NSID,
    operation: previous ? "update" : "create",
    record,
    ack,
  });
  return { community, uri: ack.uri, cid: ack.cid, active };
}
