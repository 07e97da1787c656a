// One Durable Object per community: its index (config, members, posts, moderation actions) and its
// feed. Thin on purpose: the SQL lives in community-store.ts, feed-query.ts and visibility.ts, the
// feed mix in mix/, the parent link in parent-link.ts, the global pool share in pool-publisher.ts.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";
import { InvalidMixCursorError, type ParentPage } from "../mix/mixed-feed.ts";
import { servicesOf } from "../services.ts";
import { first, migrate } from "../shared/sql.ts";
import { type ApiQuery, type ApiReply, runApiQuery } from "./api-queries.ts";
import {
  type AuthorStatusInput,
  type ConfigInput,
  forgetConfigRecords,
  type MembershipInput,
  type ModerationInput,
  oldestPostTime,
  type PostInput,
  purgeOlderThan,
  putAuthorStatus,
  putConfig,
  putMembership,
  putModeration,
  putPost,
  storedConfigUri,
  type Table,
  tombstone,
} from "./community-store.ts";
import type { FeedPosition } from "./feed-cursor.ts";
import { communityFeedPage, type FeedResult, type MixWindows, mixWindows } from "./feed-page.ts";
import { InvalidCursorError, visiblePosts } from "./feed-query.ts";
import { ParentLink } from "./parent-link.ts";
import { PoolPublisher } from "./pool-publisher.ts";
import { RepoFloors } from "./repo-floors.ts";
import { COMMUNITY_MIGRATIONS } from "./schema.ts";

export type { FeedResult } from "./feed-page.ts";

const POOL_DIRTY_KEY = "pool-dirty";
const POOL_PUBLISH_DELAY_MS = 200;
const POOL_RETRY_MS = 5_000;

export class CommunityFeed extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private readonly floors: RepoFloors;
  private readonly retentionMs: number;
  private readonly pool: PoolPublisher;
  private readonly parentLink: ParentLink;
  private readonly windows: MixWindows = mixWindows();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    migrate(this.sql, COMMUNITY_MIGRATIONS);
    this.floors = new RepoFloors(this.sql);
    const services = servicesOf(env);
    this.retentionMs = services.settings.retentionMs;
    this.pool = new PoolPublisher(this.sql, () => services.stubs.pool());
    this.parentLink = new ParentLink(services.stubs);
  }

  // Only the config that owns the hashtag gets here (the registry decides). Another config stored
  // here lost the hashtag to it, and what that one brought in goes first.
  async applyConfig(c: ConfigInput): Promise<boolean> {
    if (!this.floors.allows(c.owner, c.rev)) return false;
    const changed = this.ctx.storage.transactionSync(() => {
      if (storedConfigUri(this.sql) !== c.uri) forgetConfigRecords(this.sql);
      return putConfig(this.sql, c);
    });
    return this.written(changed);
  }

  async applyMembership(m: MembershipInput): Promise<boolean> {
    if (!this.floors.allows(m.did, m.rev)) return false;
    return this.written(putMembership(this.sql, m));
  }

  async applyPost(p: PostInput): Promise<boolean> {
    if (!this.floors.allows(p.author, p.rev)) return false;
    return this.written(putPost(this.sql, p, Date.now()));
  }

  async applyPostOps(
    puts: PostInput[],
    removes: { uri: string; author: string; rev: string }[],
  ): Promise<number> {
    const now = Date.now();
    let changed = 0;
    this.ctx.storage.transactionSync(() => {
      removes = removes.filter((r) => this.floors.allows(r.author, r.rev));
      puts = puts.filter((p) => this.floors.allows(p.author, p.rev));
      for (const r of removes) if (tombstone(this.sql, "post", r.uri, r.author, r.rev, now)) changed++;
      for (const p of puts) if (putPost(this.sql, p, now)) changed++;
    });
    await this.written(changed > 0);
    return changed;
  }

  async applyModeration(m: ModerationInput): Promise<boolean> {
    if (!this.floors.allows(m.author, m.rev)) return false;
    return this.written(putModeration(this.sql, m));
  }

  async remove(table: Table, uri: string, author: string, rev: string): Promise<boolean> {
    if (!this.floors.allows(author, rev)) return false;
    return this.written(tombstone(this.sql, table, uri, author, rev, Date.now()));
  }

  // An #account event of an author with records here: inactive hides their posts, active shows them.
  async setAuthorStatus(a: AuthorStatusInput): Promise<boolean> {
    const changed = putAuthorStatus(this.sql, a);
    if (changed) await this.poolChanged();
    return changed;
  }

  // Dashboard API reads (api-queries.ts).
  read(q: ApiQuery): ApiReply {
    return runApiQuery(this.sql, q, Date.now());
  }

  // A rebuild listed `did`'s repo at `rev`: older writes from the stream are history (repo-floors.ts).
  raiseFloor(did: string, rev: string): void {
    this.floors.raise(did, rev);
  }

  // Only the owner's feed URI names this community (the registry let only the owner's config in).
  async feed(owner: string, limit: number, cursor?: string): Promise<FeedResult> {
    try {
      return await communityFeedPage(
        this.sql,
        this.parentLink,
        this.windows,
        servicesOf(this.env).stubs,
        owner,
        limit,
        cursor,
      );
    } catch (err) {
      if (err instanceof InvalidCursorError || err instanceof InvalidMixCursorError)
        return { ok: false, error: "InvalidCursor" };
      throw err;
    }
  }

  // A child community's feed drawing on this one: the visible posts, if the child's owner is staff
  // here (the owner or a moderator of this community's current config); otherwise nothing, and the
  // child stands alone. Asked at read time, like every role.
  // `parentUri`: the config the child names; after a hashtag changed hands it is not this one's.
  childFeed(childOwner: string, parentUri: string, limit: number, after?: FeedPosition): ParentPage {
    const staff = first<{ ok: number }>(
      this.sql,
      `SELECT 1 AS ok FROM config WHERE deleted = 0 AND uri = ?2 AND (owner = ?1 OR EXISTS
         (SELECT 1 FROM json_each(config.moderators) WHERE value = ?1)) LIMIT 1`,
      childOwner,
      parentUri,
    );
    if (!staff) return { ok: false };
    const posts = visiblePosts(this.sql, limit, after).map((p) => ({ uri: p.uri, sortTime: p.sortTime }));
    return { ok: true, posts };
  }

  // Publishes this community's newest visible posts to the global pool now (tests).
  async publishToPool(): Promise<void> {
    await this.pool.publishNow();
  }

  // One alarm does two jobs. The global pool: after a change the index is published again shortly
  // (a stored flag, so a publish is not lost with an evicted object; a failed one is retried).
  // Retention: posts older than the window are purged, and the alarm re-arms for the next oldest post.
  async alarm(): Promise<void> {
    const { retentionMs } = this;
    purgeOlderThan(this.sql, Date.now() - retentionMs);
    let retryAt: number | null = null;
    if (await this.ctx.storage.get<boolean>(POOL_DIRTY_KEY)) {
      await this.ctx.storage.delete(POOL_DIRTY_KEY);
      await this.pool.publishNow().catch(async (err) => {
        console.error("publishing to the global pool failed; retrying", err);
        await this.ctx.storage.put(POOL_DIRTY_KEY, true);
        retryAt = Date.now() + POOL_RETRY_MS;
      });
    }
    const oldest = oldestPostTime(this.sql);
    const purgeAt = oldest === null ? null : Math.max(oldest + retentionMs, Date.now() + 1000);
    const next = [purgeAt, retryAt].filter((t): t is number => t !== null);
    if (next.length > 0) await this.ctx.storage.setAlarm(Math.min(...next));
  }

  private async written(changed: boolean): Promise<boolean> {
    if (!changed) return changed;
    await this.poolChanged();
    return changed;
  }

  // The index changed: publish to the pool soon (coalescing a burst of writes into one publish).
  private async poolChanged(): Promise<void> {
    await this.ctx.storage.put(POOL_DIRTY_KEY, true);
    const alarm = await this.ctx.storage.getAlarm();
    const soon = Date.now() + POOL_PUBLISH_DELAY_MS;
    if (alarm === null || alarm > soon) await this.ctx.storage.setAlarm(soon);
  }
}
