// Isolate-level cache of registered communities. A claim can still move to a config the stream
// observed earlier (registry/claim-rule.ts: events arrive out of order), so an entry is trusted for a
// few seconds only, and dropped at once when this isolate applies such a move. Unknown ids always
// ask the registry, so a request for a made-up feed never creates a community Durable Object.
import { type Env, registryOf } from "../env.ts";
import type { CommunityEntry } from "./hashtag-registry.ts";

const TTL_MS = 10_000;
const known = new Map<string, { entry: CommunityEntry; until: number }>();

export async function registeredCommunity(env: Env, id: string): Promise<CommunityEntry | null> {
  const cached = known.get(id);
  if (cached && cached.until > Date.now()) return cached.entry;
  const entry = await registryOf(env).byId(id);
  if (entry) {
    if (known.size > 50_000) known.clear();
    known.set(id, { entry, until: Date.now() + TTL_MS });
  } else known.delete(id);
  return entry;
}

export function forgetCommunity(id: string): void {
  known.delete(id);
}
