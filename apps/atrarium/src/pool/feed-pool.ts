// The global pool (one Durable Object): what a feed's "global" share is drawn from. Communities
// publish their newest visible posts here after their index changes (community/pool-publisher.ts), so
// reading the pool is one call, never a walk over every community. Thin over pool-store.ts.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";
import type { PoolPosition } from "../mix/mixed-cursor.ts";
import { migrate } from "../shared/sql.ts";
import { POOL_MIGRATIONS, type PoolPost, poolPage, replaceCommunityPosts } from "./pool-store.ts";

export class FeedPool extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    migrate(this.sql, POOL_MIGRATIONS);
  }

  publish(community: string, graduated: boolean, posts: { uri: string; sortTime: number }[]): void {
    this.ctx.storage.transactionSync(() =>
      replaceCommunityPosts(this.sql, community, graduated ? 0 : 1, posts),
    );
  }

  page(exclude: string[], limit: number, after?: PoolPosition): PoolPost[] {
    return poolPage(this.sql, exclude, limit, after);
  }
}
