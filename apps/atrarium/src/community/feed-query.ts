// The community feed: visible posts, newest first, paged by an opaque cursor.
import { all } from "../shared/sql.ts";
import { decodeCursor, encodeCursor, type FeedPosition } from "./feed-cursor.ts";
import { VISIBILITY_CTES, VISIBLE_POST_CONDITION } from "./visibility.ts";

export interface FeedPost {
  uri: string;
  cid: string;
  author: string;
  text: string;
  sortTime: number;
}

export interface FeedPage {
  posts: FeedPost[];
  cursor?: string;
}

export class InvalidCursorError extends Error {}

export function feedPage(sql: SqlStorage, limit: number, cursor?: string): FeedPage {
  let after: FeedPosition | undefined;
  if (cursor) {
    after = decodeCursor(cursor) ?? undefined;
    if (!after) throw new InvalidCursorError("malformed cursor");
  }
  const posts = visiblePosts(sql, limit, after);
  const last = posts[posts.length - 1];
  return {
    posts,
    cursor:
      posts.length === limit && last ? encodeCursor({ sortTime: last.sortTime, uri: last.uri }) : undefined,
  };
}

// The next `limit` visible posts after `after` (strictly older by (sort time, uri)).
export function visiblePosts(sql: SqlStorage, limit: number, after?: FeedPosition): FeedPost[] {
  const older = after ? "AND (p.sort_time, p.uri) < (?, ?)" : "";
  const params = after ? [after.sortTime, after.uri] : [];
  return all<{ uri: string; cid: string; author: string; text: string; sort_time: number }>(
    sql,
    `WITH ${VISIBILITY_CTES}
     SELECT p.uri, p.cid, p.author, p.text, p.sort_time FROM post p
     WHERE ${VISIBLE_POST_CONDITION} ${older}
     ORDER BY p.sort_time DESC, p.uri DESC LIMIT ?`,
    ...params,
    limit,
  ).map((r) => ({ uri: r.uri, cid: r.cid, author: r.author, text: r.text, sortTime: r.sort_time }));
}

// The stored facets/embed/reply JSON of these posts (the preview's rich rendering); the skeleton
// never reads it, so its pages stay as cheap as before.
export function postContents(sql: SqlStorage, uris: string[]): Map<string, string> {
  if (uris.length === 0) return new Map();
  const rows = all<{ uri: string; content: string | null }>(
    sql,
    `SELECT uri, content FROM post WHERE uri IN (${uris.map(() => "?").join(", ")}) AND content IS NOT NULL`,
    ...uris,
  );
  return new Map(rows.map((r) => [r.uri, r.content ?? ""]));
}
