// The global pool's table: the newest visible posts of every community, as each community last
// published them (its own moderation already applied). Tier 0 is a graduated community, 1 any other;
// the pool is read graduated first, then newest first, excluding the reading community and its parent
// (they are the feed's other sources).

import type { PoolPosition } from "../mix/mixed-cursor.ts";
import { all } from "../shared/sql.ts";

export const POOL_MIGRATIONS = [
  `CREATE TABLE pool_post (
     community TEXT NOT NULL, uri TEXT NOT NULL, tier INTEGER NOT NULL, sort_time INTEGER NOT NULL,
     PRIMARY KEY (community, uri)
   );
   CREATE INDEX pool_order_idx ON pool_post (tier, sort_time DESC, uri DESC);
   CREATE INDEX pool_uri_idx ON pool_post (uri);`,
];

// How many of its newest posts a community keeps in the pool.
export const POOL_POSTS_PER_COMMUNITY = 200;

export interface PoolPost {
  uri: string;
  tier: number;
  sortTime: number;
}

// Replaces what `community` has in the pool (an empty list removes it).
export function replaceCommunityPosts(
  sql: SqlStorage,
  community: string,
  tier: number,
  posts: { uri: string; sortTime: number }[],
): void {
  sql.exec("DELETE FROM pool_post WHERE community = ?", community);
  for (const p of posts.slice(0, POOL_POSTS_PER_COMMUNITY)) {
    sql.exec(
      "INSERT OR REPLACE INTO pool_post (community, uri, tier, sort_time) VALUES (?, ?, ?, ?)",
      community,
      p.uri,
      tier,
      p.sortTime,
    );
  }
}

// The next `limit` posts after `after`, each once: a post in several communities counts in the one
// with the lowest (tier, community), and not at all when the excluded communities carry it. Read tier
// by tier with a position each query can seek to in pool_order_idx (an OR across tiers could not, and
// a crafted cursor would walk the whole pool).
export function poolPage(
  sql: SqlStorage,
  exclude: string[],
  limit: number,
  after?: PoolPosition,
): PoolPost[] {
  const out: PoolPost[] = [];
  for (const tier of [0, 1]) {
    if (out.length >= limit || (after && after.tier > tier)) continue;
    const from = after && after.tier === tier ? after : undefined;
    out.push(...tierPage(sql, exclude, tier, limit - out.length, from));
  }
  return out;
}

function tierPage(
  sql: SqlStorage,
  exclude: string[],
  tier: number,
  limit: number,
  after?: { sortTime: number; uri: string },
): PoolPost[] {
  const position = after ? "AND p.sort_time <= ? AND (p.sort_time < ? OR p.uri < ?)" : "";
  const params = after ? [after.sortTime, after.sortTime, after.uri] : [];
  return all<{ uri: string; sort_time: number }>(
    sql,
    `WITH excluded(community) AS (SELECT value FROM json_each(?))
     SELECT p.uri, p.sort_time FROM pool_post p
     WHERE p.tier = ? ${position}
       AND p.community NOT IN (SELECT community FROM excluded)
       AND p.uri NOT IN (SELECT uri FROM pool_post WHERE community IN (SELECT community FROM excluded))
       AND NOT EXISTS (
         SELECT 1 FROM pool_post q WHERE q.uri = p.uri
           AND q.community NOT IN (SELECT community FROM excluded)
           AND (q.tier < p.tier OR (q.tier = p.tier AND q.community < p.community)))
     ORDER BY p.sort_time DESC, p.uri DESC LIMIT ?`,
    JSON.stringify(exclude),
    tier,
    ...params,
    limit,
  ).map((r) => ({ uri: r.uri, tier, sortTime: r.sort_time }));
}
