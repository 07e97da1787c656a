// Isolate-level cache of registered communities. A claim can still move to a config the stream
// observed earlier (registry/claim-rule.ts: events arrive out of order), so an entry is trusted for a
// few seconds only, and dropped at once when this isolate applies such a move. Unknown ids always
// ask the registry, so a request for a made-up feed never creates a community Durable Object.
import type { Stubs } from "../stubs.ts";
import type { CommunityEntry } from "./registry-store.ts";

const TTL_MS = 10_000;
const MAX_CACHED = 50_000;

export class CommunityCache {
  private readonly known = new Map<string, { entry: CommunityEntry; until: number }>();
  private readonly stubs: Pick<Stubs, "registry">;

  constructor(stubs: Pick<Stubs, "registry">) {
    this.stubs = stubs;
  }

  async registered(id: string): Promise<CommunityEntry | null> {
    const cached = this.known.get(id);
    if (cached && cached.until > Date.now()) return cached.entry;
    const entry = await this.stubs.registry().byId(id);
    if (entry) {
      if (this.known.size > MAX_CACHED) this.known.clear();
      this.known.set(id, { entry, until: Date.now() + TTL_MS });
    } else this.known.delete(id);
    return entry;
  }

  forget(id: string): void {
    this.known.delete(id);
  }
}
