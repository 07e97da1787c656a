// The pending join requests of an invite-only community (community/member-access.ts), oldest first,
// for its staff; an open community has none.
import type { CommunityListRequestsOutput } from "@atrarium/lexicon";
import { all } from "../shared/sql.ts";
import { decodeKey, encodeKey } from "./api-queries.ts";
import { VISIBILITY_CTES } from "./visibility.ts";

// asIfInviteOnly: the requests there would be if the community were invite-only (its open members
// no staff member accepted), for the switch to invite-only (write/access-switch.ts).
export type RequestsQuery = { kind: "requests"; limit: number; cursor?: string; asIfInviteOnly?: boolean };

export type RequestsAnswer = Omit<CommunityListRequestsOutput, "stale">;

export function joinRequests(sql: SqlStorage, q: RequestsQuery): RequestsAnswer {
  const after = q.cursor ? decodeKey(q.cursor, 2) : null;
  // A user with several membership records for the community asks once: their newest one stands.
  const rows = all<{ did: string; uri: string; joined_at: string }>(
    sql,
    `WITH ${VISIBILITY_CTES},
     newest AS (
       SELECT did, uri, joined_at,
         ROW_NUMBER() OVER (PARTITION BY did ORDER BY joined_at DESC, uri DESC) AS rn
       FROM ${q.asIfInviteOnly ? "unaccepted" : "pending"}
     )
     SELECT did, uri, joined_at FROM newest WHERE rn = 1
     ${after ? "AND (joined_at, did) > (?, ?)" : ""}
     ORDER BY joined_at, did LIMIT ?`,
    ...(after ?? []),
    q.limit,
  );
  const last = rows[rows.length - 1];
  return {
    requests: rows.map((r) => ({ did: r.did, joinedAt: r.joined_at, membershipUri: r.uri })),
    cursor: rows.length === q.limit && last ? encodeKey([last.joined_at, last.did]) : undefined,
  };
}

/** True when `did` has a pending request (the viewer state's `pending`). */
export function hasPendingRequest(sql: SqlStorage, did: string): boolean {
  return all(sql, `WITH ${VISIBILITY_CTES} SELECT 1 FROM pending WHERE did = ? LIMIT 1`, did).length > 0;
}
