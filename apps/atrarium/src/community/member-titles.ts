// Members' titles: per member, the latest set_title action by staff wins (visibility.ts's `effective`,
// its own kind of decision, so a title never lifts or overrides a block); an empty or absent title
// clears it. Shown in the member list and next to the member's posts.
import { all } from "../shared/sql.ts";
import { VISIBILITY_CTES } from "./visibility.ts";

export const TITLES_CTE = `
  titles(did, title) AS (
    SELECT e.target, m.title FROM effective e JOIN moderation m ON m.uri = e.uri
    WHERE e.rn = 1 AND e.action = 'set_title' AND COALESCE(m.title, '') <> ''
  )`;

/** The current title of each of `dids` that has one. */
export function titlesOf(sql: SqlStorage, dids: string[]): Map<string, string> {
  if (dids.length === 0) return new Map();
  const rows = all<{ did: string; title: string }>(
    sql,
    `WITH ${VISIBILITY_CTES}, ${TITLES_CTE}
     SELECT did, title FROM titles WHERE did IN (SELECT value FROM json_each(?))`,
    JSON.stringify([...new Set(dids)]),
  );
  return new Map(rows.map((r) => [r.did, r.title]));
}
