// An #account event from the stream: every community the account has records in is told its status,
// so an inactive account's posts (deactivated, taken down, suspended, deleted: any status) leave the
// feeds at once and come back if it is reactivated. The posts and memberships stay stored; a deleted
// account is final on its PDS, so its posts simply never come back (and retention purges them).
import type { JetstreamEvent } from "../env.ts";
import type { Stubs } from "../stubs.ts";
import type { Outcome } from "./apply-event.ts";

export async function applyAccount(stubs: Stubs, event: JetstreamEvent): Promise<Outcome> {
  const account = event.account;
  if (!account || typeof account.active !== "boolean") return "invalid";
  const status = typeof account.status === "string" ? account.status : undefined;
  const communities = await stubs
    .recordIndex(event.did)
    .setAccountStatus(account.active, status, event.time_us);
  if (!communities) return "ignored";
  const change = { did: event.did, active: account.active, status, timeUs: event.time_us };
  await Promise.all(communities.map((id) => stubs.community(id).setAuthorStatus(change)));
  return communities.length > 0 ? "applied" : "ignored";
}
