// A bounded in-memory cache for resolved identities (DID documents, handle -> DID). Not
// @atproto/identity's MemoryCache: that one never evicts, and the keys here come from requests.
// An entry is fresh until `staleMs`, then still served (the caller refreshes it in the background)
// until `maxMs`, after which it is gone: the official PDS's stale/max TTL pair.
export interface CacheHit<V> {
  value: V;
  stale: boolean;
}

export interface TtlCacheOptions {
  staleMs: number;
  // 0: nothing is kept.
  maxMs: number;
  maxEntries: number;
  now?: () => number;
}

export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();
  private readonly opts: TtlCacheOptions;

  constructor(opts: TtlCacheOptions) {
    this.opts = opts;
  }

  get(key: string): CacheHit<V> | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    const age = this.now() - entry.at;
    if (age >= this.opts.maxMs) {
      this.entries.delete(key);
      return null;
    }
    return { value: entry.value, stale: age >= this.opts.staleMs };
  }

  set(key: string, value: V): void {
    // Re-inserting moves the key to the end, so the oldest write is evicted first.
    this.entries.delete(key);
    if (this.entries.size >= this.opts.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    if (this.opts.maxMs > 0) this.entries.set(key, { value, at: this.now() });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  // Drops every entry whose value matches, e.g. all handles that pointed to a DID.
  deleteWhere(matches: (value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (matches(entry.value)) this.entries.delete(key);
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }
}
