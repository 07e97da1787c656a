// The community feed: visible posts, newest first, paged by an opaque cursor.
import { all } from "../shared/sql.ts";
import { decodeCursor, encodeCursor } from "./feed-cursor.ts";
import { VISIBILITY_CTES, VISIBLE_POST_CONDITION } from "./visibility.ts";

export interface FeedPage {
  posts: { uri: string; cid: string; author: string; text: string; sortTime: number }[];
  cursor?: string;
}

export class InvalidCursorError extends Error {}

export function feedPage(sql: SqlStorage, limit: number, cursor?: string): FeedPage {
  let after = "";
  const params: unknown[] = [];
  if (cursor) {
    const pos = decodeCursor(cursor);
    if (!pos) throw new InvalidCursorError("malformed cursor");
    after = "AND (p.sort_time, p.uri) < (?, ?)";
    params.push(pos.sortTime, pos.uri);
  }
  const rows = all<{ uri: string; cid: string; author: string; text: string; sort_time: number }>(
    sql,
    `WITH ${VISIBILITY_CTES}
     SELECT p.uri, p.cid, p.author, p.text, p.sort_time FROM post p
     WHERE ${VISIBLE_POST_CONDITION} ${after}
     ORDER BY p.sort_time DESC, p.uri DESC LIMIT ?`,
    ...params,
    limit,
  );
  const last = rows[rows.length - 1];
  return {
    posts: rows.map((r) => ({
      uri: r.uri,
      cid: r.cid,
      author: r.author,
      text: r.text,
      sortTime: r.sort_time,
    })),
    cursor:
      rows.length === limit && last ? encodeCursor({ sortTime: last.sort_time, uri: last.uri }) : undefined,
  };
}
