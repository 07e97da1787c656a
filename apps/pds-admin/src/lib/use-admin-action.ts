// A write the admin starts with a button: runs it, then refreshes every cached read (an action on one
// account changes the search results, the stats, the report queue and the audit log alike).
import { useMutation, useQueryClient } from "@tanstack/react-query";

export function useAdminAction<Vars>(action: (vars: Vars) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: action,
    onSettled: () => queryClient.invalidateQueries(),
  });
}
