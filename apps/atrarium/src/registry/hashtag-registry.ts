// Which config owns each community hashtag (claim-rule.ts decides; this object keeps the decisions,
// so a rebuild of the index finds the same owners), and the events parked until the config or
// hashtag they name is claimed. Thin over registry-store.ts and parked-store.ts.
import { DurableObject } from "cloudflare:workers";
import type { Env, JetstreamEvent } from "../env.ts";
import type { LifecycleStatus } from "../lifecycle/lifecycle-rules.ts";
import { archivedIds, putSweptStatus, releaseSweep, takeSweepBatch } from "../lifecycle/sweep-ledger.ts";
import { migrate } from "../shared/sql.ts";
import { type ClaimVia, decideClaim } from "./claim-rule.ts";
import { dropParked, park, unpark } from "./parked-store.ts";
import {
  allEntries,
  asClaim,
  type CommunityEntry,
  childEntries,
  entryByConfigUri,
  entryById,
  putClaim,
  REGISTRY_MIGRATIONS,
  setObservedUs,
  setParentUri,
} from "./registry-store.ts";
import {
  acceptanceArrived,
  configWaiting,
  currentEntryOf,
  offerArrived,
  type TransferOutcome,
  transferRecordDeleted,
} from "./transfer-desk.ts";
import type { TransferAcceptance, TransferOffer } from "./transfer-rule.ts";
import {
  formerFeedAnswers,
  latestOffer,
  retiredConfigId,
  retiredConfigsOf,
  setFormerFeed,
} from "./transfer-store.ts";

export type { CommunityEntry } from "./registry-store.ts";
export type { TransferOutcome } from "./transfer-desk.ts";

export interface ClaimResult {
  owned: boolean;
  // The config that held the hashtag until this claim took it (observed later by the stream).
  displaced: CommunityEntry | null;
  // Events parked for the config or its hashtag, as JSON text, handed over once it owns it.
  parked: string[];
}

export class HashtagRegistry extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    migrate(this.sql, REGISTRY_MIGRATIONS);
  }

  claim(candidate: Omit<CommunityEntry, "observedUs">, via: ClaimVia): ClaimResult {
    // A config an owner transfer retired never claims again (transfer-desk.ts).
    if (retiredConfigId(this.sql, candidate.configUri)) return { owned: false, displaced: null, parked: [] };
    const current = entryById(this.sql, candidate.id);
    const decision = decideClaim(
      asClaim(current),
      asClaim(entryByConfigUri(this.sql, candidate.configUri)),
      candidate,
      via,
    );
    if (!decision.owned) return { owned: false, displaced: null, parked: [] };
    if (decision.kind === "kept") {
      if (decision.observedUs !== current?.observedUs)
        setObservedUs(this.sql, candidate.id, decision.observedUs);
    } else {
      putClaim(this.sql, { ...candidate, observedUs: decision.observedUs });
    }
    return {
      owned: true,
      displaced: decision.kind === "displaces" ? current : null,
      parked: unpark(this.sql, [candidate.configUri, `#${candidate.id}`]),
    };
  }

  byId(id: string): CommunityEntry | null {
    return entryById(this.sql, id);
  }

  byConfigUri(uri: string): CommunityEntry | null {
    return entryByConfigUri(this.sql, uri);
  }

  // When the stream first observed each of `uris` that owns a hashtag (null: claimed without one).
  observedAt(uris: string[]): Record<string, number | null> {
    const out: Record<string, number | null> = {};
    for (const uri of uris) {
      const entry = entryByConfigUri(this.sql, uri);
      if (entry) out[uri] = entry.observedUs;
    }
    return out;
  }

  // What the owning config `configUri` names as its parent (null: none), so parents find children.
  setParent(configUri: string, parentUri: string | null): void {
    setParentUri(this.sql, configUri, parentUri);
  }

  childrenOf(parentUri: string, owners: string[], limit: number): CommunityEntry[] {
    const entry = entryByConfigUri(this.sql, parentUri);
    const uris = [parentUri, ...(entry ? retiredConfigsOf(this.sql, entry.id) : [])];
    return childEntries(this.sql, uris, owners.slice(0, 100), limit);
  }

  // Owner transfers (transfer-desk.ts): the community a config uri names now, following transfers.
  communityOf(configUri: string): CommunityEntry | null {
    return currentEntryOf(this.sql, configUri);
  }

  transferOffered(offer: TransferOffer, rev: string): TransferOutcome | null {
    return offerArrived(this.sql, offer, rev, Date.now());
  }

  transferAccepted(acceptance: TransferAcceptance, rev: string): TransferOutcome | null {
    return acceptanceArrived(this.sql, acceptance, rev, Date.now());
  }

  transferRecordDeleted(kind: "offer" | "acceptance", uri: string, rev: string): void {
    transferRecordDeleted(this.sql, kind === "offer" ? "transfer_offer" : "transfer_accept", uri, rev);
  }

  // A config refused its hashtag's claim: it may be the one a transfer hands the community to.
  transferConfigWaiting(id: string, configUri: string, event: JetstreamEvent): TransferOutcome | null {
    return configWaiting(this.sql, id, configUri, JSON.stringify(event), Date.now());
  }

  // The offer pending for community `id`: the current owner's newest offer of its current config.
  pendingTransfer(id: string): TransferOffer | null {
    const entry = entryById(this.sql, id);
    return entry ? latestOffer(this.sql, entry.configUri, entry.owner) : null;
  }

  // The configs community `id` had before an owner transfer (records naming them are its own).
  retiredConfigs(id: string): string[] {
    return retiredConfigsOf(this.sql, id);
  }

  // The previous owner's app.bsky.feed.generator record for `id` was written or deleted.
  formerFeedChanged(owner: string, id: string, rev: string, gone: boolean): void {
    setFormerFeed(this.sql, owner, id, rev, gone);
  }

  // The community at://<owner>/app.bsky.feed.generator/<id> names: `owner` is its owner, or a
  // previous owner whose generator record still exists (their feed URI keeps answering).
  feedEntry(id: string, owner: string): CommunityEntry | null {
    const entry = entryById(this.sql, id);
    if (!entry) return null;
    return entry.owner === owner || formerFeedAnswers(this.sql, owner, id) ? entry : null;
  }

  list(): CommunityEntry[] {
    return allEntries(this.sql);
  }

  // Registered communities the lifecycle sweep has not found archived (lifecycle/sweep-ledger.ts).
  listUnarchived(): CommunityEntry[] {
    const archived = archivedIds(this.sql);
    return allEntries(this.sql).filter((e) => !archived.has(e.id));
  }

  // The lifecycle sweep (lifecycle/lifecycle-sweep.ts): the next batch of ids, null while one runs.
  takeSweepBatch(size: number, leaseMs: number): string[] | null {
    return takeSweepBatch(this.sql, size, leaseMs, Date.now());
  }

  // Statuses found by the sweep or reported by a community whose status changed (null: no config).
  recordLifecycleStatuses(statuses: Record<string, LifecycleStatus | null>, endSweep: boolean): void {
    const now = Date.now();
    this.ctx.storage.transactionSync(() => {
      for (const [id, status] of Object.entries(statuses))
        if (entryById(this.sql, id)) putSweptStatus(this.sql, id, status, now);
      if (endSweep) releaseSweep(this.sql);
    });
  }

  // The subset of ids that are registered communities.
  known(ids: string[]): string[] {
    return ids.filter((id) => entryById(this.sql, id) !== null);
  }

  // Parks `event` until the config `configUri` is claimed, unless it already is: then nothing is
  // parked and its entry comes back. Checked and parked in one call, since a claim landing between a
  // caller's lookup and its park would never hand the event back.
  parkUnlessClaimed(uri: string, configUri: string, event: JetstreamEvent): CommunityEntry | null {
    const entry = currentEntryOf(this.sql, configUri);
    if (!entry) park(this.sql, uri, configUri, JSON.stringify(event), Date.now());
    return entry;
  }

  // Parks posts until their hashtag (`#<id>`) is claimed; those whose hashtag was claimed since the
  // caller looked are not parked but handed back, for the caller to apply now.
  parkMany<T extends { uri: string; waitsFor: string; event: string }>(items: T[]): T[] {
    const now = Date.now();
    const claimedSince: T[] = [];
    for (const item of items) {
      if (entryById(this.sql, item.waitsFor.slice(1))) claimedSince.push(item);
      else park(this.sql, item.uri, item.waitsFor, item.event, now);
    }
    return claimedSince;
  }

  dropParked(uri: string): void {
    dropParked(this.sql, uri);
  }

  dropParkedMany(uris: string[]): void {
    for (const uri of uris) dropParked(this.sql, uri);
  }
}
