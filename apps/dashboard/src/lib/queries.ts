// Reads from the Atrarium API as React Query hooks, each a method of the typed client (api.ts): its
// params and answer are its lexicon's. Every answer carries `stale` (the index may be behind the
// network); components show a notice for it. Keys are per community so a write can invalidate
// exactly what it changed.
import {
  COMMUNITY_GET_ACHIEVEMENTS_NSID,
  COMMUNITY_GET_FEED_PREVIEW_NSID,
  COMMUNITY_GET_HIERARCHY_NSID,
  COMMUNITY_GET_NSID,
  COMMUNITY_GET_STATS_NSID,
  COMMUNITY_GET_SUGGESTIONS_NSID,
  COMMUNITY_GET_VIEWER_STATE_NSID,
  COMMUNITY_LIST_MEMBERS_NSID,
  COMMUNITY_LIST_NSID,
  MODERATION_LIST_ACTIONS_NSID,
} from "@atrarium/lexicon";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { createApiClient } from "./api.ts";
import { useConfig } from "./config-context.tsx";
import { handleOf } from "./identity.ts";
import { useDidDocument } from "./post-sources.ts";
import { useSession } from "./session.tsx";

export const REFRESH_MS = 30_000;

export function useApi() {
  const cfg = useConfig();
  const { state, setPdsReachable, worker } = useSession();
  return useMemo(
    () => createApiClient(cfg, state, setPdsReachable, worker),
    [cfg, state, setPdsReachable, worker],
  );
}

const viewerKey = (state: ReturnType<typeof useSession>["state"]) =>
  state.status === "signed-in" ? state.did : state.status;

export const keys = {
  communities: ["communities"] as const,
  community: (id: string) => ["community", id] as const,
};

export function useCommunities() {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: [...keys.communities],
    queryFn: ({ pageParam }) => api.call(COMMUNITY_LIST_NSID, { limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.cursor,
    refetchInterval: REFRESH_MS,
  });
}

export function useCommunity(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...keys.community(id), "info"],
    queryFn: () => api.call(COMMUNITY_GET_NSID, { community: id }),
    refetchInterval: REFRESH_MS,
  });
}

export function useHierarchy(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...keys.community(id), "hierarchy"],
    queryFn: () => api.call(COMMUNITY_GET_HIERARCHY_NSID, { community: id }),
    refetchInterval: REFRESH_MS,
  });
}

// Milestones of the community and, given a DID, of that member (their profile card).
export function useAchievements(id: string, member?: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...keys.community(id), "achievements", member ?? ""],
    queryFn: () =>
      api.call(COMMUNITY_GET_ACHIEVEMENTS_NSID, { community: id, ...(member ? { member } : {}) }),
    refetchInterval: REFRESH_MS,
  });
}

export function useStats(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...keys.community(id), "stats"],
    queryFn: () => api.call(COMMUNITY_GET_STATS_NSID, { community: id }),
    refetchInterval: REFRESH_MS,
  });
}

export function useViewer(id: string) {
  const api = useApi();
  const { state } = useSession();
  return useQuery({
    queryKey: [...keys.community(id), "viewer", viewerKey(state)],
    queryFn: () => api.call(COMMUNITY_GET_VIEWER_STATE_NSID, { community: id }),
    enabled: state.status === "signed-in",
    refetchInterval: REFRESH_MS,
  });
}

// Lifecycle suggestions: the owner's and moderators' only (the Worker answers 403 to others).
export function useSuggestions(id: string, enabled: boolean) {
  const api = useApi();
  const { state } = useSession();
  return useQuery({
    queryKey: [...keys.community(id), "suggestions", viewerKey(state)],
    queryFn: () => api.call(COMMUNITY_GET_SUGGESTIONS_NSID, { community: id }),
    enabled: enabled && state.status === "signed-in",
    refetchInterval: REFRESH_MS,
  });
}

export function useFeed(id: string) {
  const api = useApi();
  const { feedPageSize } = useConfig();
  const { state } = useSession();
  return useInfiniteQuery({
    // Per viewer: each post's reactions say whether the signed-in viewer's own is among them.
    queryKey: [...keys.community(id), "feed", viewerKey(state)],
    queryFn: ({ pageParam }) =>
      api.call(COMMUNITY_GET_FEED_PREVIEW_NSID, { community: id, limit: feedPageSize, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.posts.length > 0 ? last.cursor : undefined),
    refetchInterval: REFRESH_MS,
  });
}

export function useMembers(id: string) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: [...keys.community(id), "members"],
    queryFn: ({ pageParam }) =>
      api.call(COMMUNITY_LIST_MEMBERS_NSID, { community: id, limit: 100, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.members.length > 0 ? last.cursor : undefined),
  });
}

export function useModerationLog(id: string, enabled: boolean) {
  const api = useApi();
  const { state } = useSession();
  return useInfiniteQuery({
    queryKey: [...keys.community(id), "moderation", viewerKey(state)],
    queryFn: ({ pageParam }) =>
      api.call(MODERATION_LIST_ACTIONS_NSID, { community: id, limit: 100, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.actions.length > 0 ? last.cursor : undefined),
    enabled: enabled && state.status === "signed-in",
  });
}

// A DID's handle from its DID document (PLC directory or did:web host), cached for the session.
export function useHandle(did: string) {
  const doc = useDidDocument(did);
  return { ...doc, data: doc.data ? handleOf(doc.data) : undefined };
}
