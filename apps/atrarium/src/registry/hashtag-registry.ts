// Which config owns each community hashtag (claim-rule.ts decides; this object keeps the decisions,
// so a rebuild of the index finds the same owners), and the events parked until the config or
// hashtag they name is claimed. Thin over registry-store.ts and parked-store.ts.
import { DurableObject } from "cloudflare:workers";
import type { Env, JetstreamEvent } from "../env.ts";
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

export type { CommunityEntry } from "./registry-store.ts";

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
    return childEntries(this.sql, parentUri, owners.slice(0, 100), limit);
  }

  list(): CommunityEntry[] {
    return allEntries(this.sql);
  }

  // The subset of ids that are registered communities.
  known(ids: string[]): string[] {
    return ids.filter((id) => entryById(this.sql, id) !== null);
  }

  // Parks `event` until the config `configUri` is claimed, unless it already is: then nothing is
  // parked and its entry comes back. Checked and parked in one call, since a claim landing between a
  // caller's lookup and its park would never hand the event back.
  parkUnlessClaimed(uri: string, configUri: string, event: JetstreamEvent): CommunityEntry | null {
    const entry = entryByConfigUri(this.sql, configUri);
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
