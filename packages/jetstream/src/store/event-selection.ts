// A subscriber filter as SQL over the event log: a WHERE fragment for one window of the log, with the
// wanted DIDs and collections bound as JSON arrays (one statement per filter shape, whatever the
// number of DIDs). #identity and #account events have no collection, so a collection filter lets them
// through (upstream v1). A wildcard `prefix.` becomes a range over log_collections, [prefix, the
// prefix with its last character incremented), so every collection under it is then an exact lookup
// in the (collection, pos) index.
export interface EventSelection {
  sql: string;
  params: Record<string, string>;
}

export const SELECT_ALL: EventSelection = { sql: "", params: {} };

export function eventSelection(
  dids: Iterable<string> | null,
  collections: { exact: Iterable<string>; prefixes: string[] } | null,
): EventSelection {
  let sql = "";
  const params: Record<string, string> = {};
  if (dids) {
    sql += " AND did IN (SELECT value FROM json_each(:dids))";
    params.dids = JSON.stringify([...dids]);
  }
  if (collections) {
    sql +=
      " AND (collection IS NULL OR collection IN (" +
      "SELECT value FROM json_each(:exact) UNION ALL " +
      "SELECT c.collection FROM json_each(:ranges) AS r JOIN log_collections AS c " +
      "ON c.collection >= r.value ->> 0 AND c.collection < r.value ->> 1))";
    params.exact = JSON.stringify([...collections.exact]);
    params.ranges = JSON.stringify(collections.prefixes.map((p) => [p, prefixEnd(p)]));
  }
  return { sql, params };
}

// The least string greater than every string that starts with `prefix`.
function prefixEnd(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}
