// Resolves DID documents with @atproto/identity's resolvers, which also check the document's shape and
// that it names the DID asked for: did:plc through our PLC directory, did:web from
// https://host/.well-known/did.json through the SSRF-guarded outbound fetch (http for localhost and
// 127.0.0.1, as a devnet's services run there; see did-web.ts for which identifiers are accepted).
// Used by service proxying (a hot path) and the identity methods (identity-resolution.ts). Documents
// are cached (ttl-cache.ts: stale after `staleTtlMs`, refreshed in the background, dropped after
// `maxTtlMs`); our own identity changes and #identity events invalidate them (identity-events.ts).
// A did:web document that comes back different from the last one seen is reported to the
// onDidWebChange listeners (document-changes.ts announces it for our accounts): nobody tells us when a
// did:web changes, unlike a did:plc, whose changes through us are announced as we make them.
import { getServiceEndpoint } from "@atproto/common";
import { type DidDocument, DidPlcResolver, DidWebResolver } from "@atproto/identity";
import type { PlcClient } from "@atrarium/plc/client";
import { type OutboundFetch, outboundFetch } from "../proxy/outbound-fetch.ts";
import { parseDidWeb } from "./did-web.ts";
import { TtlCache } from "./ttl-cache.ts";

const MAX_CACHED = 1000;
const MAX_DOC_BYTES = 64 * 1024;

export type { DidDocument };

export interface DidResolverOptions {
  // Plain http and private addresses for did:web (devnet only).
  allowPrivate: boolean;
  staleTtlMs?: number;
  maxTtlMs?: number;
  timeoutMs?: number;
}

// `deactivated`: the DID existed but is gone (a tombstoned did:plc answers 410).
export type DidLookup =
  | { status: "found"; doc: DidDocument }
  | { status: "notFound" }
  | { status: "deactivated" }
  | { status: "unsupported" };

export class DidResolver {
  private readonly plc: DidPlcResolver;
  private readonly web: DidWebResolver;
  private readonly cache: TtlCache<DidDocument>;
  // One background refresh per stale DID at a time.
  private readonly refreshing = new Set<string>();
  // The last did:web document seen (serialized), kept across invalidations: the #identity event that
  // invalidated the cache announced that document, so the next one is compared against it.
  private readonly lastSeenWeb = new TtlCache<string>({
    staleMs: Number.POSITIVE_INFINITY,
    maxMs: Number.POSITIVE_INFINITY,
    maxEntries: MAX_CACHED,
  });
  private readonly webChangeListeners = new Set<(did: string) => void>();

  constructor(plc: PlcClient, opts: DidResolverOptions) {
    const timeoutMs = opts.timeoutMs ?? 5000;
    // The operator's own PLC directory is trusted as PlcClient trusts it: plain fetch, any address.
    this.plc = new DidPlcResolver(plc.url, timeoutMs, undefined, globalThis.fetch);
    const guarded = outboundFetch({
      allowPrivate: opts.allowPrivate,
      timeoutMs,
      maxBodyBytes: MAX_DOC_BYTES,
    });
    this.web = new DidWebResolver(timeoutMs, undefined, loopbackOverHttp(guarded));
    this.cache = new TtlCache({
      staleMs: opts.staleTtlMs ?? 5 * 60 * 1000,
      maxMs: opts.maxTtlMs ?? 5 * 60 * 1000,
      maxEntries: MAX_CACHED,
    });
  }

  // null when the DID does not exist or its method is unsupported; throws when resolution failed.
  async resolve(did: string): Promise<DidDocument | null> {
    const found = await this.lookup(did);
    return found.status === "found" ? found.doc : null;
  }

  // `fresh`: skip the cache (refreshIdentity, verifying a handle the user just set up).
  async lookup(did: string, opts: { fresh?: boolean } = {}): Promise<DidLookup> {
    if (!opts.fresh) {
      const hit = this.cache.get(did);
      if (hit) {
        if (hit.stale) this.refreshInBackground(did);
        return { status: "found", doc: hit.value };
      }
    }
    const found = await this.lookupUncached(did);
    if (found.status === "found") {
      this.cache.set(did, found.doc);
      this.noteWebDocument(did, found.doc);
    } else this.cache.delete(did);
    return found;
  }

  /** Calls `listener` with the DID whenever a did:web document differs from the last one seen. */
  onDidWebChange(listener: (did: string) => void): () => void {
    this.webChangeListeners.add(listener);
    return () => this.webChangeListeners.delete(listener);
  }

  // After our own change of the DID's document or handle, or an #identity event about it.
  invalidate(did: string): void {
    this.cache.delete(did);
  }

  // Synchronous between reading and writing the last-seen entry, so concurrent lookups of one changed
  // document report it once.
  private noteWebDocument(did: string, doc: DidDocument): void {
    if (!did.startsWith("did:web:")) return;
    const serialized = JSON.stringify(doc);
    const previous = this.lastSeenWeb.get(did)?.value;
    this.lastSeenWeb.set(did, serialized);
    if (previous === undefined || previous === serialized) return;
    for (const listener of this.webChangeListeners) listener(did);
  }

  private refreshInBackground(did: string): void {
    if (this.refreshing.has(did)) return;
    this.refreshing.add(did);
    // A failed refresh keeps serving the stale document until it expires, as the official cache does.
    void this.lookup(did, { fresh: true })
      .catch(() => undefined)
      .finally(() => this.refreshing.delete(did));
  }

  private async lookupUncached(did: string): Promise<DidLookup> {
    if (did.startsWith("did:plc:")) return this.lookupPlc(did);
    // A path-based did:web is an unsupported method here, not an error.
    if (!did.startsWith("did:web:") || did.slice("did:web:".length).includes(":")) {
      return { status: "unsupported" };
    }
    // Throws InvalidDidWebError, before any fetch, for an identifier that decodes to more than a host:
    // the library would percent-decode it into whatever URL it spells.
    parseDidWeb(did);
    const doc = await this.web.resolve(did);
    return doc ? { status: "found", doc } : { status: "notFound" };
  }

  private async lookupPlc(did: string): Promise<DidLookup> {
    try {
      const doc = await this.plc.resolve(did);
      return doc ? { status: "found", doc } : { status: "notFound" };
    } catch (err) {
      if ((err as { status?: number })?.status === 410) return { status: "deactivated" };
      throw err;
    }
  }
}

// The library asks http only of `localhost`; a devnet's services also publish did:web:127.0.0.1.
function loopbackOverHttp(fetch: OutboundFetch): OutboundFetch {
  return (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.protocol === "https:" && url.hostname === "127.0.0.1") url.protocol = "http:";
    return fetch(new Request(url, request));
  };
}

// The endpoint of the service entry `#serviceId` (a URL string, http or https), or null.
export function serviceEndpoint(doc: DidDocument, serviceId: string): string | null {
  return getServiceEndpoint(doc, { id: `#${serviceId}` }) ?? null;
}
