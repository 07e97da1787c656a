// From a community's parentCommunity (the at-uri of the parent's config) to the parent's Durable
// Object: the registry says which community id that config owns. Remembered for a few seconds per
// object, so a feed page costs no registry call; a parent that is not registered (deleted, never
// seen, its hashtag lost to another config) gives no parent, and the community stands alone.
import type { Stubs } from "../stubs.ts";

const TTL_MS = 10_000;

export class ParentLink {
  // `configUri`: the parent's config now (another than `uri` after an owner transfer).
  private cached: { uri: string; id: string | null; configUri: string | null; until: number } | null = null;
  private readonly stubs: Pick<Stubs, "registry">;

  constructor(stubs: Pick<Stubs, "registry">) {
    this.stubs = stubs;
  }

  async parentId(parentUri: string): Promise<string | null> {
    const hit = this.cached;
    if (hit && hit.uri === parentUri && hit.until > Date.now()) return hit.id;
    // communityOf follows owner transfers: a child naming the previous owner's config keeps its parent.
    const entry = await this.stubs.registry().communityOf(parentUri);
    const configUri = entry?.configUri ?? null;
    this.cached = { uri: parentUri, id: entry?.id ?? null, configUri, until: Date.now() + TTL_MS };
    return this.cached.id;
  }

  // The parent's current config for `parentUri`, as the last parentId call found it.
  currentConfigUri(parentUri: string): string | null {
    return this.cached?.uri === parentUri ? this.cached.configUri : null;
  }
}
