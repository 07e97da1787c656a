// The handles of the accounts a list names by DID (reports, their reporters), in one
// com.atproto.admin.getAccountInfos call; a DID this PDS does not host stays a DID.
import { useQuery } from "@tanstack/react-query";
import { useAdminApi } from "./admin-session.tsx";

export function useHandles(dids: (string | null)[]): ReadonlyMap<string, string> {
  const api = useAdminApi();
  const unique = [...new Set(dids.filter((d): d is string => d !== null))].sort();
  const infos = useQuery({
    queryKey: ["handles", unique],
    enabled: unique.length > 0,
    queryFn: async () => (await api.agent.com.atproto.admin.getAccountInfos({ dids: unique })).data.infos,
  });
  return new Map(infos.data?.map((i) => [i.did, i.handle]));
}
