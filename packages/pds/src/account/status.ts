// An account's status as com.atproto.sync.getRepoStatus names it: active unless taken down or
// deactivated.
import type { AccountRow, AccountStatus } from "./types.ts";

export function accountStatus(row: Pick<AccountRow, "deactivated_at" | "takedown_ref">): AccountStatus {
  if (row.takedown_ref) return "takendown";
  if (row.deactivated_at) return "deactivated";
  return "active";
}
