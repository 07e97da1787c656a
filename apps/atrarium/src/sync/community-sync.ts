// One Durable Object per community beside its CommunityFeed: keeps the community in step with the
// owner's PDS (a refresh of the config when a read finds it older than REFRESH_SECONDS), rebuilds the
// index from the network when it is empty or lost, and retries failures with backoff from its alarm.
// Reads ask it whether the community is stale.
import { DurableObject } from "cloudflare:workers";
import { COMMUNITY_CONFIG_NSID } from "@atrarium/lexicon";
import type { Env } from "../env.ts";
import type { CommunityEntry } from "../registry/hashtag-registry.ts";
import { servicesOf } from "../services.ts";
import { first, migrate } from "../shared/sql.ts";
import { commitEvent, type RebuildServices, rebuildCommunity, rkeyOf } from "./rebuild.ts";
import { SYNC_MIGRATIONS } from "./sync-schema.ts";
import { backoffMs, initialSyncState, isStale, refreshDue, type SyncState } from "./sync-state.ts";
import { fetchVerifiedRecord } from "./verified-record.ts";

const FORCED_REBUILD_GAP_MS = 60_000;

export interface SyncView extends SyncState {
  stale: boolean;
}

export class CommunitySync extends DurableObject<Env> {
  private readonly services: RebuildServices;
  private readonly sql: SqlStorage;
  private state: SyncState;
  private entry: CommunityEntry | null;
  private running: Promise<void> | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.services = servicesOf(env);
    this.sql = ctx.storage.sql;
    migrate(this.sql, SYNC_MIGRATIONS);
    this.state = this.load("state") ?? initialSyncState();
    this.entry = this.load("entry");
    if (this.state.rebuild.state === "running") {
      // The object was evicted or restarted mid-rebuild: run it again.
      this.state.rebuild.state = "incomplete";
      ctx.blockConcurrencyWhile(() => this.wake(Date.now()));
    }
  }

  // Called on every API read of the community: answers staleness, and schedules a refresh when due.
  async observe(entry: CommunityEntry): Promise<SyncView> {
    this.remember(entry);
    if (refreshDue(this.state, Date.now(), this.services.settings.refreshMs)) {
      this.state.refresh.lastAttemptAt = Date.now();
      this.save();
      await this.wake(Date.now());
    }
    return this.view();
  }

  // `force` rebuilds even after a complete rebuild (the index was found empty again). Any read of an
  // empty index asks, so asking never hurries a rebuild: an incomplete one is already scheduled with
  // backoff, and a complete one is repeated at most once per FORCED_REBUILD_GAP_MS.
  async requestRebuild(entry: CommunityEntry, force = false): Promise<SyncView> {
    this.remember(entry);
    const { state: s, finishedAt = 0 } = this.state.rebuild;
    const recent = Date.now() - finishedAt < FORCED_REBUILD_GAP_MS;
    if (s === "pending" || s === "running" || s === "incomplete" || (s === "complete" && (!force || recent)))
      return this.view();
    this.state.rebuild = { ...this.state.rebuild, state: "pending", attempts: 0, error: undefined };
    this.save();
    await this.wake(Date.now());
    return this.view();
  }

  status(): SyncView {
    return this.view();
  }

  async alarm(): Promise<void> {
    if (this.running) {
      // Work requested while a task was running waits for the next turn.
      await this.running;
      if (this.hasWork()) await this.wake(Date.now() + 100);
      return;
    }
    this.running = this.runTasks().finally(() => {
      this.running = null;
    });
    await this.running;
  }

  private hasWork(): boolean {
    const { rebuild, refresh } = this.state;
    return rebuild.state === "pending" || (!refresh.failing && refresh.lastAttemptAt > refresh.lastOkAt);
  }

  private async runTasks(): Promise<void> {
    if (!this.entry) return;
    // The registry's word on who owns the hashtag, not the one remembered here: a claim can move.
    const current = await this.services.stubs.registry().byId(this.entry.id);
    if (!current) return;
    this.remember(current);
    const retryMax = this.services.settings.syncRetryMaxSeconds;
    const rebuild = this.state.rebuild;
    if (rebuild.state === "pending" || rebuild.state === "incomplete") {
      await this.rebuild(this.entry, retryMax);
    } else if (this.state.refresh.failing || this.state.refresh.lastAttemptAt > this.state.refresh.lastOkAt) {
      await this.refresh(this.entry, retryMax);
    }
  }

  private async rebuild(entry: CommunityEntry, retryMax: number): Promise<void> {
    const r = this.state.rebuild;
    this.state.rebuild = { ...r, state: "running", startedAt: Date.now(), attempts: r.attempts + 1 };
    this.save();
    try {
      const result = await rebuildCommunity(this.services, entry);
      const complete = result.failed.length === 0;
      this.state.rebuild = {
        ...this.state.rebuild,
        state: complete ? "complete" : "incomplete",
        finishedAt: Date.now(),
        counts: result.counts,
        failedRepos: result.failed.length,
        error: complete ? undefined : `${result.failed.length} repos unavailable`,
      };
      // The rebuild fetched the config from the owner's PDS: that is a refresh too.
      this.state.refresh = { lastAttemptAt: Date.now(), lastOkAt: Date.now(), failing: false, attempts: 0 };
    } catch (err) {
      console.warn(`rebuild of ${entry.id} failed: ${(err as Error).message}`);
      this.state.rebuild = { ...this.state.rebuild, state: "incomplete", error: (err as Error).message };
    }
    this.save();
    if (this.state.rebuild.state === "incomplete")
      await this.wake(Date.now() + backoffMs(this.state.rebuild.attempts, retryMax));
  }

  private async refresh(entry: CommunityEntry, retryMax: number): Promise<void> {
    const attemptAt = Date.now();
    try {
      const config = await fetchVerifiedRecord(
        this.services.resolver,
        entry.owner,
        COMMUNITY_CONFIG_NSID,
        rkeyOf(entry.configUri),
      );
      if (!config) throw new Error(`${entry.owner}'s PDS gives no proof for ${entry.configUri}`);
      const record = { uri: entry.configUri, cid: config.record?.cid, value: config.record?.value };
      await this.services.ingest.applyEvent(
        commitEvent(entry.owner, COMMUNITY_CONFIG_NSID, config.rev, record),
        "owner-sync",
      );
      this.state.refresh = { lastAttemptAt: attemptAt, lastOkAt: Date.now(), failing: false, attempts: 0 };
      this.save();
    } catch (err) {
      const attempts = this.state.refresh.attempts + 1;
      this.state.refresh = {
        ...this.state.refresh,
        lastAttemptAt: attemptAt,
        failing: true,
        attempts,
        error: (err as Error).message,
      };
      this.save();
      await this.wake(Date.now() + backoffMs(attempts, retryMax));
    }
  }

  private async wake(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current !== null && current <= at) return;
    await this.ctx.storage.setAlarm(at);
    this.state.nextRetryAt = at;
    this.save();
  }

  private view(): SyncView {
    return { ...this.state, stale: isStale(this.state) };
  }

  private remember(entry: CommunityEntry): void {
    if (this.entry?.configUri === entry.configUri) return;
    this.entry = entry;
    this.store("entry", entry);
  }

  private save(): void {
    this.store("state", this.state);
  }

  private load<T>(key: string): T | null {
    const row = first<{ value: string }>(this.sql, "SELECT value FROM kv WHERE key = ?", key);
    return row ? (JSON.parse(row.value) as T) : null;
  }

  private store(key: string, value: unknown): void {
    this.sql.exec("INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)", key, JSON.stringify(value));
  }
}
