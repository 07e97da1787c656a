// Isolate-level cache of registered communities. A claim is permanent (the first config keeps its
// hashtag), so a positive answer never goes stale; unknown ids always ask the registry, so a
// request for a made-up feed never creates a community Durable Object.
import { type Env, registryOf } from "../env.ts";
import type { CommunityEntry } from "./hashtag-registry.ts";

const known = new Map<string, CommunityEntry>();

export async function registeredCommunity(env: Env, id: string): Promise<CommunityEntry | null> {
  const cached = known.get(id);
  if (cached) return cached;
  const entry = await registryOf(env).byId(id);
  if (entry) {
    if (known.size > 50_000) known.clear();
    known.set(id, entry);
  }
  return entry;
}
