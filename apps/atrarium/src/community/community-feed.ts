// One Durable Object per community: its index (config, members, posts, moderation actions) and its
// feed. Thin on purpose: the SQL lives in community-store.ts, feed-query.ts and visibility.ts.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";
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
import { type FeedPage, feedPage, InvalidCursorError } from "./feed-query.ts";
import { RepoFloors } from "./repo-floors.ts";
import { COMMUNITY_MIGRATIONS } from "./schema.ts";

export type FeedResult = { ok: true; page: FeedPage } | { ok: false; error: "InvalidCursor" | "UnknownFeed" };

export class CommunityFeed extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private readonly floors: RepoFloors;
  private readonly retentionMs: number;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    migrate(this.sql, COMMUNITY_MIGRATIONS);
    this.floors = new RepoFloors(this.sql);
    this.retentionMs = servicesOf(env).settings.retentionMs;
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
    return putAuthorStatus(this.sql, a);
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
  feed(owner: string, limit: number, cursor?: string): FeedResult {
    const config = first<{ deleted: number; owner: string }>(
      this.sql,
      "SELECT deleted, owner FROM config LIMIT 1",
    );
    if (!config || config.deleted === 1 || config.owner !== owner) return { ok: false, error: "UnknownFeed" };
    try {
      return { ok: true, page: feedPage(this.sql, limit, cursor) };
    } catch (err) {
      if (err instanceof InvalidCursorError) return { ok: false, error: "InvalidCursor" };
      throw err;
    }
  }

  // Retention: an alarm set on first write purges posts older than the window, then re-arms for
  // the next oldest post.
  async alarm(): Promise<void> {
    const { retentionMs } = this;
    purgeOlderThan(this.sql, Date.now() - retentionMs);
    const oldest = oldestPostTime(this.sql);
    if (oldest !== null) await this.ctx.storage.setAlarm(Math.max(oldest + retentionMs, Date.now() + 1000));
  }

  private async written(changed: boolean): Promise<boolean> {
    if (changed && (await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(Date.now() + this.retentionMs);
    }
    return changed;
  }
}
