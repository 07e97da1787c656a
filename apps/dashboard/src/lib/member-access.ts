// Invite-only communities (issue 22): the staff's list of pending join requests and their decisions
// (approve, reject, invite), written by the Worker into the moderator's own repo like every moderation
// action, so the lists refresh as soon as the call answers.
import {
  COMMUNITY_LIST_REQUESTS_NSID,
  MODERATION_APPROVE_MEMBER_NSID,
  MODERATION_INVITE_MEMBER_NSID,
  MODERATION_REJECT_MEMBER_NSID,
} from "@atrarium/lexicon";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { ApiClient } from "./api.ts";
import { keys, useApi } from "./queries.ts";
import { useSession } from "./session.tsx";

export const INVITE_ONLY = "invite-only";

export type MemberDecision = "approve" | "reject" | "invite";

const METHOD = {
  approve: MODERATION_APPROVE_MEMBER_NSID,
  reject: MODERATION_REJECT_MEMBER_NSID,
  invite: MODERATION_INVITE_MEMBER_NSID,
} as const;

export async function decideMember(
  api: ApiClient,
  communityId: string,
  decision: MemberDecision,
  did: string,
): Promise<void> {
  // The three take the same input and answer alike; one signature types them all.
  const nsid = METHOD[decision] as typeof MODERATION_APPROVE_MEMBER_NSID;
  await api.call(nsid, {}, { input: { community: communityId, did } });
}

export function useJoinRequests(id: string, enabled: boolean) {
  const api = useApi();
  const { state } = useSession();
  return useInfiniteQuery({
    queryKey: [...keys.community(id), "requests", state.status === "signed-in" ? state.did : null],
    queryFn: ({ pageParam }) =>
      api.call(COMMUNITY_LIST_REQUESTS_NSID, { community: id, limit: 100, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.requests.length > 0 ? last.cursor : undefined),
    enabled: enabled && state.status === "signed-in",
  });
}
