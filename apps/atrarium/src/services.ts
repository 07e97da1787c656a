// The Worker's composition root: from its bindings and vars, everything routes, Durable Objects and
// the queue consumer use. Vars are read and checked once (settings.ts); the DID resolver and the
// per-isolate caches live here, so each is built once and shared by whoever needs it. Tests swap a
// service through `overrides` (e.g. an ingest that fails for one DID, test/support/), never through
// a switch in production code.
import { observeSyncCached } from "./api/community-access.ts";
import { receiverStaleCached } from "./api/staleness.ts";
import type { Env, JetstreamEvent } from "./env.ts";
import { DidResolver } from "./identity/did-resolver.ts";
import { createIngest, type Ingest } from "./ingest/ingest.ts";
import { CommunityCache } from "./registry/community-cache.ts";
import type { CommunityEntry } from "./registry/registry-store.ts";
import { readSettings, type Settings } from "./settings.ts";
import { durableObjectStubs, type Stubs } from "./stubs.ts";
import type { SyncView } from "./sync/community-sync.ts";

export interface Services {
  settings: Settings;
  stubs: Stubs;
  // The queue the receiver sends stream events to.
  events: Queue<JetstreamEvent>;
  resolver: DidResolver;
  // Registered communities, trusted for a few seconds per isolate.
  communities: CommunityCache;
  // Whether the stream side is behind (receiver-lag.ts), asked at most once a second per isolate.
  receiverStale: () => Promise<boolean>;
  // A community's sync state for a read, asked at most once a second per community and isolate.
  observeSync: (entry: CommunityEntry) => Promise<SyncView>;
  // Applies events to the index: the queue consumer, sync hints, refreshes, rebuilds and discovery.
  ingest: Ingest;
}

// Replaces services of the composition; gets the ones built so far to wrap them.
export type ServiceOverrides = (built: Services) => Partial<Services>;

export function createServices(env: Env, overrides?: ServiceOverrides): Services {
  const settings = readSettings(env);
  const stubs = durableObjectStubs(env);
  const communities = new CommunityCache(stubs);
  const built: Services = {
    settings,
    stubs,
    events: env.EVENTS as Queue<JetstreamEvent>,
    resolver: new DidResolver({ plcUrl: settings.plcUrl }),
    communities,
    receiverStale: receiverStaleCached(stubs, settings.staleSeconds),
    observeSync: observeSyncCached(stubs),
    ingest: createIngest({ stubs, communities }),
  };
  return overrides ? { ...built, ...overrides(built) } : built;
}

// One composition per isolate and bindings object: the caches are the point. A Worker entry with
// overrides keeps its own (see worker.ts).
export function servicesCache(overrides?: ServiceOverrides): (env: Env) => Services {
  const built = new WeakMap<Env, Services>();
  return (env) => {
    let services = built.get(env);
    if (!services) {
      services = createServices(env, overrides);
      built.set(env, services);
    }
    return services;
  };
}

// For Durable Objects, which get their bindings in their constructor and take no overrides.
export const servicesOf = servicesCache();
