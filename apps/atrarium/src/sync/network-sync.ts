// The Worker's first look at the network (one instance): when it starts with an empty index it finds
// every community config through the relay (com.atproto.sync.listReposByCollection), offers them to
// the registry, which keeps the claims it already holds and gives free hashtags to discovery
// (discovery-order.ts says in which order; never by a config's createdAt), and asks each community
// whose index is empty to rebuild itself. Runs from its alarm and retries failures with backoff.
import { DurableObject } from "cloudflare:workers";
import { COMMUNITY_CONFIG_NSID } from "@atrarium/lexicon";
import type { Env } from "../env.ts";
import { IdentityError } from "../identity/did-resolver.ts";
import { servicesOf } from "../services.ts";
import { first, migrate } from "../shared/sql.ts";
import { UpstreamError } from "../shared/upstream.ts";
import { discoveryOrder } from "./discovery-order.ts";
import { commitEvent, listAll, type RebuildServices, reposWith } from "./rebuild.ts";
import { getLatestRev, type ListedRecord } from "./repo-client.ts";
import { SYNC_MIGRATIONS } from "./sync-schema.ts";
import { backoffMs } from "./sync-state.ts";

export interface DiscoveryState {
  state: "pending" | "running" | "complete" | "incomplete";
  attempts: number;
  communities: number;
  fetched: number;
  error?: string;
}

export class NetworkSync extends DurableObject<Env> {
  private readonly services: RebuildServices;
  private readonly sql: SqlStorage;
  private state: DiscoveryState;
  private active = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.services = servicesOf(env);
    this.sql = ctx.storage.sql;
    migrate(this.sql, SYNC_MIGRATIONS);
    const row = first<{ value: string }>(this.sql, "SELECT value FROM kv WHERE key = 'discovery'");
    this.state = row ? JSON.parse(row.value) : { state: "pending", attempts: 0, communities: 0, fetched: 0 };
  }

  async ensureStarted(): Promise<void> {
    if (this.state.state === "complete" || this.active) return;
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now());
  }

  status(): DiscoveryState & { stale: boolean } {
    return { ...this.state, stale: this.state.state !== "complete" };
  }

  async alarm(): Promise<void> {
    if (this.state.state === "complete" || this.active) return;
    this.active = true;
    this.save({ ...this.state, state: "running", attempts: this.state.attempts + 1 });
    try {
      const { communities, fetched } = await this.discover();
      this.save({ state: "complete", attempts: this.state.attempts, communities, fetched });
    } catch (err) {
      if (!(err instanceof UpstreamError) && !(err instanceof IdentityError)) throw err;
      console.warn(`discovery failed: ${err.message}`);
      this.save({ ...this.state, state: "incomplete", error: err.message });
      const delay = backoffMs(this.state.attempts, this.services.settings.syncRetryMaxSeconds);
      await this.ctx.storage.setAlarm(Date.now() + delay);
    } finally {
      this.active = false;
    }
  }

  private async discover(): Promise<{ communities: number; fetched: number }> {
    const { stubs, resolver, ingest, settings } = this.services;
    const registry = stubs.registry();
    const found: { did: string; rev: string; record: ListedRecord }[] = [];
    for (const did of await reposWith(settings.relayUrl, COMMUNITY_CONFIG_NSID)) {
      const pds = (await resolver.resolve(did)).pds;
      if (!pds) continue;
      const rev = await getLatestRev(pds, did);
      for (const record of await listAll(pds, did, COMMUNITY_CONFIG_NSID)) found.push({ did, rev, record });
    }
    const observed = await registry.observedAt(found.map((f) => f.record.uri));
    const ordered = discoveryOrder(
      found.map((f) => ({ ...f, uri: f.record.uri })),
      observed,
    );
    let communities = 0;
    for (const { did, rev, record } of ordered) {
      // A community whose index already holds its config (a Worker upgraded in place) is kept up to
      // date by the stream; only the ones this discovery brings in are rebuilt.
      const known = await registry.byConfigUri(record.uri);
      const reply = known ? await stubs.community(known.id).read({ kind: "info" }) : null;
      const indexed = reply?.ok === true && reply.info.state !== "missing";
      await ingest.applyEvent(commitEvent(did, COMMUNITY_CONFIG_NSID, rev, record), "discovery");
      const entry = known ?? (await registry.byConfigUri(record.uri));
      if (!entry) continue;
      communities++;
      if (!indexed) await stubs.communitySync(entry.id).requestRebuild(entry);
    }
    return { communities, fetched: found.length };
  }

  private save(state: DiscoveryState): void {
    this.state = state;
    this.sql.exec("INSERT OR REPLACE INTO kv (key, value) VALUES ('discovery', ?)", JSON.stringify(state));
  }
}
