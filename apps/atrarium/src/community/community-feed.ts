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
    this.pool = new PoolPublisher(
      this.sql,
      () => services.stubs.pool(),
      (err) => console.error("publishing to the global pool failed", err),
    );
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
  setAuthorStatus(a: AuthorStatusInput): boolean {
    const changed = putAuthorStatus(this.sql, a);
    if (changed) this.pool.touch();
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
  childFeed(childOwner: string, limit: number, after?: FeedPosition): ParentPage {
    const staff = first<{ ok: number }>(
      this.sql,
      `SELECT 1 AS ok FROM config WHERE deleted = 0 AND (owner = ?1 OR EXISTS
         (SELECT 1 FROM json_each(config.moderators) WHERE value = ?1)) LIMIT 1`,
      childOwner,
    );
    if (!staff) return { ok: false };
    const posts = visiblePosts(this.sql, limit, after).map((p) => ({ uri: p.uri, sortTime: p.sortTime }));
    return { ok: true, posts };
  }

  // Publishes this community's newest visible posts to the global pool now (tests, and the retention
  // alarm, which also catches a publish lost with an evicted object).
  async publishToPool(): Promise<void> {
    await this.pool.publishNow();
  }

  // Retention: an alarm set on first write purges posts older than the window, then re-arms for
  // the next oldest post.
  async alarm(): Promise<void> {
    const { retentionMs } = this;
    purgeOlderThan(this.sql, Date.now() - retentionMs);
    await this.pool.publishNow().catch((err) => console.error("publishing to the global pool failed", err));
    const oldest = oldestPostTime(this.sql);
    if (oldest !== null) await this.ctx.storage.setAlarm(Math.max(oldest + retentionMs, Date.now() + 1000));
  }

  private async written(changed: boolean): Promise<boolean> {
    if (changed) this.pool.touch();
    if (changed && (await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(Date.now() + this.retentionMs);
    }
    return changed;
  }
}
