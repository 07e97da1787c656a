// This community's share of the global pool (pool/feed-pool.ts): its newest visible posts, published
// again after its index changes (posts, members, moderation, the config's stage; community-feed.ts
// schedules it with its alarm, so a burst of writes costs one call to the pool and a publish survives
// an evicted object). Published from the index at that moment, so hidden, blocked and inactive
// authors' posts never reach the pool, and a deleted config takes the community out of it.

import { POOL_POSTS_PER_COMMUNITY } from "../pool/pool-store.ts";
import { first } from "../shared/sql.ts";
import { visiblePosts } from "./feed-query.ts";

export interface PoolTarget {
  publish(community: string, graduated: boolean, posts: { uri: string; sortTime: number }[]): Promise<void>;
}

// The community id a config's hashtag names (`#atrarium_<id>`).
export function communityIdOf(hashtag: string | null | undefined): string | null {
  const m = /^#atrarium_([0-9a-f]{8})$/.exec(hashtag ?? "");
  return m ? (m[1] as string) : null;
}

export class PoolPublisher {
  private readonly sql: SqlStorage;
  private readonly pool: () => PoolTarget;

  constructor(sql: SqlStorage, pool: () => PoolTarget) {
    this.sql = sql;
    this.pool = pool;
  }

  async publishNow(): Promise<void> {
    const config = first<{ hashtag: string | null; stage: string | null; deleted: number }>(
      this.sql,
      "SELECT hashtag, stage, deleted FROM config LIMIT 1",
    );
    const id = communityIdOf(config?.hashtag);
    if (!config || !id) return;
    const posts =
      config.deleted === 1
        ? []
        : visiblePosts(this.sql, POOL_POSTS_PER_COMMUNITY).map((p) => ({ uri: p.uri, sortTime: p.sortTime }));
    await this.pool().publish(id, config.stage === "graduated", posts);
  }
}
