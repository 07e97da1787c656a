// Resolves DID documents for service proxying with @atproto/identity's resolvers, which also check the
// document's shape and that it names the DID asked for: did:plc through our PLC directory, did:web
// from https://host/.well-known/did.json through the SSRF-guarded outbound fetch (http for localhost
// and 127.0.0.1, as a devnet's services run there; see did-web.ts for which identifiers are accepted).
// Documents are cached briefly: proxied calls are a hot path and a service's document rarely changes.
import { getServiceEndpoint } from "@atproto/common";
import { type DidDocument, DidPlcResolver, DidWebResolver } from "@atproto/identity";
import type { PlcClient } from "@atrarium/plc/client";
import { type OutboundFetch, outboundFetch } from "../proxy/outbound-fetch.ts";
import { parseDidWeb } from "./did-web.ts";

const TTL_MS = 5 * 60 * 1000;
const MAX_CACHED = 1000;
const MAX_DOC_BYTES = 64 * 1024;
const TIMEOUT_MS = 5000;

export type { DidDocument };

export class DidResolver {
  private readonly plc: DidPlcResolver;
  private readonly web: DidWebResolver;
  // Not @atproto/identity's MemoryCache: it never evicts, and these DIDs come from request headers.
  private readonly cache = new Map<string, { doc: DidDocument; expires: number }>();

  constructor(plc: PlcClient, opts: { allowPrivate: boolean }) {
    // The operator's own PLC directory is trusted as PlcClient trusts it: plain fetch, any address.
    this.plc = new DidPlcResolver(plc.url, TIMEOUT_MS, undefined, globalThis.fetch);
    const guarded = outboundFetch({
      allowPrivate: opts.allowPrivate,
      timeoutMs: TIMEOUT_MS,
      maxBodyBytes: MAX_DOC_BYTES,
    });
    this.web = new DidWebResolver(TIMEOUT_MS, undefined, loopbackOverHttp(guarded));
  }

  // null when the DID does not exist or its method is unsupported; throws when resolution failed.
  async resolve(did: string): Promise<DidDocument | null> {
    const hit = this.cache.get(did);
    if (hit && hit.expires > Date.now()) return hit.doc;
    const doc = did.startsWith("did:plc:")
      ? await this.resolvePlc(did)
      : did.startsWith("did:web:")
        ? await this.resolveWeb(did)
        : null;
    if (doc) {
      if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(did, { doc, expires: Date.now() + TTL_MS });
    }
    return doc;
  }

  private async resolvePlc(did: string): Promise<DidDocument | null> {
    // The resolver answers null for 404; a tombstoned DID (410) does not exist either.
    return this.plc.resolve(did).catch((err: { status?: number }) => {
      if (err?.status === 410) return null;
      throw err;
    });
  }

  private async resolveWeb(did: string): Promise<DidDocument | null> {
    // A path-based did:web is an unsupported method here, not an error.
    if (did.slice("did:web:".length).includes(":")) return null;
    // Throws InvalidDidWebError, before any fetch, for an identifier that decodes to more than a host:
    // the library would percent-decode it into whatever URL it spells.
    parseDidWeb(did);
    return this.web.resolve(did);
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
