// One Durable Object per community: its index (config, members, posts, moderation actions) and its
// feed. Thin on purpose: the SQL lives in community-store.ts, feed-query.ts and visibility.ts, the
// feed mix in mix/, the parent link in parent-link.ts, the global pool share in pool-publisher.ts.
import { DurableObject } from "cloudflare:workers";
import { afterConfig, afterMembership, putCountedPost } from "../achievements/achievement-store.ts";
import type { Env } from "../env.ts";
import {
  forgetUntrustedLabelers,
  pullMissingLabelHides,
  replaceLabelHides,
} from "../labels/community-label-hides.ts";
import type { HidingLabel } from "../labels/label-state.ts";
import { refreshAfterWrite, sweepOne } from "../lifecycle/lifecycle-refresh.ts";
import type { LifecycleStatus, LifecycleThresholds } from "../lifecycle/lifecycle-rules.ts";
import { keepLastActivity } from "../lifecycle/lifecycle-store.ts";
import { InvalidMixCursorError, type ParentPage } from "../mix/mixed-feed.ts";
import { type EmojiInput, putEmoji, putReaction, type ReactionInput } from "../reactions/reaction-store.ts";
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
  storedConfigUri,
  type Table,
  tombstone,
} from "./community-store.ts";
import type { FeedPosition } from "./feed-cursor.ts";
import { communityFeedPage, type FeedResult, type MixWindows, mixWindows } from "./feed-page.ts";
import { InvalidCursorError, visiblePosts } from "./feed-query.ts";
import type { FormerOwner } from "./former-owners.ts";
import { ParentLink } from "./parent-link.ts";
import { PoolPublisher } from "./pool-publisher.ts";
import { RepoFloors } from "./repo-floors.ts";
import { COMMUNITY_MIGRATIONS } from "./schema.ts";
import { adoptTransferredConfig } from "./transfer-adopt.ts";

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
    forgetUntrustedLabelers(this.sql, services.settings.trustedLabelers);
    this.retentionMs = services.settings.retentionMs;
    this.pool = new PoolPublisher(this.sql, () => services.stubs.pool());
    this.parentLink = new ParentLink(services.stubs);
  }

  // Only the config that owns the hashtag gets here (the registry decides). Another config stored
  // here lost the hashtag to it, and what that one brought in goes first.
  async applyConfig(c: ConfigInput): Promise<boolean> {
    if (!this.floors.allows(c.owner, c.rev)) return false;
    const changed = this.ctx.storage.transactionSync(() => {
      const firstSeen = storedConfigUri(this.sql) !== c.uri;
      if (firstSeen) forgetConfigRecords(this.sql);
      const put = putConfig(this.sql, c);
      if (put) afterConfig(this.sql, c, firstSeen, Date.now());
      return put;
    });
    if (changed) await this.pullLabelHides();
    return this.written(changed);
  }

  // An owner transfer handed the community to config `c` (community/transfer-adopt.ts).
  async adoptConfig(c: ConfigInput, former?: FormerOwner): Promise<boolean> {
    if (!this.floors.allows(c.owner, c.rev)) return false;
    const changed = this.ctx.storage.transactionSync(() =>
      adoptTransferredConfig(this.sql, c, Date.now(), former),
    );
    return this.written(changed);
  }

  async applyMembership(m: MembershipInput): Promise<boolean> {
    if (!this.floors.allows(m.did, m.rev)) return false;
    const changed = this.ctx.storage.transactionSync(() => {
      const put = putMembership(this.sql, m);
      if (put) afterMembership(this.sql, m.did, Date.now());
      return put;
    });
    return this.written(changed);
  }

  async applyPost(p: PostInput): Promise<boolean> {
    if (!this.floors.allows(p.author, p.rev)) return false;
    const put = this.ctx.storage.transactionSync(() =>
      putCountedPost(this.sql, p, Date.now(), this.retentionMs),
    );
    return this.written(put);
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
      for (const p of puts) if (putCountedPost(this.sql, p, now, this.retentionMs)) changed++;
    });
    await this.written(changed > 0);
    return changed;
  }

  async applyModeration(m: ModerationInput): Promise<boolean> {
    if (!this.floors.allows(m.author, m.rev)) return false;
    return this.written(putModeration(this.sql, m));
  }

  // Reactions and custom emoji (reactions/): neither changes which posts show, so the pool is not told.
  async applyReaction(r: ReactionInput): Promise<boolean> {
    return this.floors.allows(r.author, r.rev) && putReaction(this.sql, r);
  }

  async applyEmoji(e: EmojiInput): Promise<boolean> {
    return this.floors.allows(e.author, e.rev) && putEmoji(this.sql, e);
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

  // The hiding labels of trusted labeler `src` (labels/), pushed by its subscriber when they change.
  async setLabelHides(src: string, version: number, hides: HidingLabel[]): Promise<boolean> {
    const changed = replaceLabelHides(this.sql, src, version, hides);
    if (changed) await this.poolChanged();
    return changed;
  }

  private async pullLabelHides(): Promise<void> {
    const { settings, stubs } = servicesOf(this.env);
    const pulled = await pullMissingLabelHides(this.sql, settings.trustedLabelers, (labeler) =>
      stubs.labelSubscriber(labeler).snapshot(),
    );
    if (pulled) await this.poolChanged();
  }

  // The cron's lifecycle sweep (lifecycle/lifecycle-sweep.ts): evaluates and records the verdict.
  sweepLifecycle(id: string, thresholds: LifecycleThresholds): LifecycleStatus | null {
    return sweepOne(this.sql, id, thresholds, Date.now());
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
    // The newest post's time outlives the purge: inactivity is measured from it (lifecycle/).
    keepLastActivity(this.sql);
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
    // A post can revive an inactive or archived community: the registry's list learns it now.
    await refreshAfterWrite(this.sql, servicesOf(this.env), Date.now());
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
