// Resolves DID documents for service proxying: did:plc through our PLC directory, did:web from
// https://host/.well-known/did.json (http for localhost/127.0.0.1, as a devnet's services run there;
// see did-web.ts for which identifiers are accepted).
// Documents are cached briefly: proxied calls are a hot path and a service's document rarely changes.
import type { DidDocument, PlcClient } from "@atrarium/plc/client";
import { PlcClientError } from "@atrarium/plc/client";
import { outboundRequest, readSmallBody } from "../proxy/outbound-http.ts";
import { didWebDocumentUrl } from "./did-web.ts";

const TTL_MS = 5 * 60 * 1000;
const MAX_CACHED = 1000;
const MAX_DOC_BYTES = 64 * 1024;

export interface DidService {
  id: string;
  type: string;
  serviceEndpoint: unknown;
}

export type ResolvedDidDocument = Pick<DidDocument, "id"> & { service?: DidService[] };

export class DidResolver {
  private readonly plc: PlcClient;
  private readonly allowPrivate: boolean;
  private readonly cache = new Map<string, { doc: ResolvedDidDocument; expires: number }>();

  constructor(plc: PlcClient, opts: { allowPrivate: boolean }) {
    this.plc = plc;
    this.allowPrivate = opts.allowPrivate;
  }

  // null when the DID does not exist or its method is unsupported; throws when resolution failed.
  async resolve(did: string): Promise<ResolvedDidDocument | null> {
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

  private async resolvePlc(did: string): Promise<ResolvedDidDocument | null> {
    try {
      return (await this.plc.getDocument(did)) as ResolvedDidDocument;
    } catch (err) {
      if (err instanceof PlcClientError && (err.status === 404 || err.status === 410)) return null;
      throw err;
    }
  }

  private async resolveWeb(did: string): Promise<ResolvedDidDocument | null> {
    // A path-based did:web is an unsupported method here, not an error.
    if (did.slice("did:web:".length).includes(":")) return null;
    // Throws InvalidDidWebError, before any fetch, for an identifier that decodes to more than a host.
    const url = didWebDocumentUrl(did);
    const res = await outboundRequest(url, {
      method: "GET",
      headers: { accept: "application/did+json, application/json" },
      allowPrivate: this.allowPrivate,
      headersTimeoutMs: 5000,
      idleTimeoutMs: 5000,
    });
    if (res.statusCode === 404 || res.statusCode === 410) {
      res.resume();
      return null;
    }
    if (res.statusCode !== 200) {
      res.resume();
      throw new Error(`did:web document fetch answered ${res.statusCode}`);
    }
    const doc = JSON.parse(await readSmallBody(res, MAX_DOC_BYTES)) as ResolvedDidDocument;
    if (doc?.id !== did) throw new Error(`did:web document names ${String(doc?.id)}, not ${did}`);
    return doc;
  }
}

// The service entry `#serviceId` of a document, as @atproto/common's getServiceEndpoint finds it.
export function serviceEndpoint(doc: ResolvedDidDocument, serviceId: string): string | null {
  const wanted = [`#${serviceId}`, `${doc.id}#${serviceId}`];
  const service = (Array.isArray(doc.service) ? doc.service : []).find((s) => wanted.includes(s?.id));
  if (typeof service?.serviceEndpoint !== "string") return null;
  try {
    const url = new URL(service.serviceEndpoint);
    if ((url.protocol !== "https:" && url.protocol !== "http:") || !url.hostname) return null;
    return service.serviceEndpoint;
  } catch {
    return null;
  }
}
