// A write to the user's repo (straight to the PDS, or through the Worker) followed by a refresh of
// everything shown about the community.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ApiClient } from "./api.ts";
import { keys, useApi } from "./queries.ts";
import { type SignedIn, useSession } from "./session.tsx";

const SECOND_REFRESH_MS = 3_000;

export function useCommunityWrite<V>(
  communityId: string,
  write: (session: SignedIn, api: ApiClient, vars: V) => Promise<unknown>,
) {
  const { state } = useSession();
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (vars: V) => {
      if (state.status !== "signed-in") throw new Error("not signed in");
      await write(state, api, vars);
    },
    onSuccess: async () => {
      const refresh = async () => {
        await queryClient.invalidateQueries({ queryKey: keys.community(communityId) });
        await queryClient.invalidateQueries({ queryKey: keys.communities });
      };
      await refresh();
      // Once more shortly after: if a direct write's sync hint did not get through, the Jetstream path
      // has by then (the Worker's writes are indexed before it answers).
      setTimeout(() => void refresh(), SECOND_REFRESH_MS);
    },
  });
}
