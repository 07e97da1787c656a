// Owner transfer and member titles through the Worker's write routes (issue 22): the owner offers the
// community to a member, the member accepts (the Worker writes their config, feed generator record
// and acceptance into their repo), and staff set a member's title. Like worker-writes.ts, each is
// written into the caller's own repo with the grant they gave the Worker and indexed before it answers.
import {
  COMMUNITY_ACCEPT_TRANSFER_NSID,
  COMMUNITY_TRANSFER_OWNERSHIP_NSID,
  type CommunityAcceptTransferOutput,
  MODERATION_SET_TITLE_NSID,
} from "@atrarium/lexicon";
import type { ApiClient } from "./api.ts";

export async function offerOwnership(api: ApiClient, community: string, newOwner: string): Promise<string> {
  const res = await api.call(COMMUNITY_TRANSFER_OWNERSHIP_NSID, {}, { input: { community, newOwner } });
  return res.uri;
}

export async function acceptOwnership(
  api: ApiClient,
  community: string,
): Promise<Omit<CommunityAcceptTransferOutput, "stale">> {
  const { stale: _, ...res } = await api.call(COMMUNITY_ACCEPT_TRANSFER_NSID, {}, { input: { community } });
  return res;
}

// An empty title clears the member's title.
export async function setMemberTitle(api: ApiClient, community: string, did: string, title: string) {
  const res = await api.call(
    MODERATION_SET_TITLE_NSID,
    {},
    { input: { community, did, title: title.trim() } },
  );
  return res.uri;
}
