// Resolves a DID to its #atproto signing key and #atproto_pds endpoint: did:plc through the configured
// PLC directory, did:web from https://host/.well-known/did.json (http for localhost/127.0.0.1, where a
// devnet runs). Plain fetch with `redirect: "manual"` because workerd rejects `redirect: "error"`
// (which @atproto/identity uses); a redirect is a failure, never followed. Documents are cached per
// isolate; `fresh` re-fetches, which callers use once after a signature failure to follow rotation.
import { parseDidKey } from "@atproto/crypto";
import { getUpstream, type UpstreamResponse } from "../shared/upstream.ts";

const TTL_MS = 10 * 60 * 1000;
const MAX_CACHED = 10_000;
const MAX_DOC_BYTES = 64 * 1024;
const TIMEOUT_MS = 5_000;

export interface Identity {
  did: string;
  // did:key form of the #atproto verification method.
  signingKey: string;
  // Base URL of the #atproto_pds service, if the document has one.
  pds: string | null;
}

// `notFound`: the DID does not exist (or is not a DID we can resolve); otherwise resolution failed.
export class IdentityError extends Error {
  readonly notFound: boolean;

  constructor(message: string, notFound: boolean) {
    super(message);
    this.notFound = notFound;
  }
}

export interface DidResolverOptions {
  plcUrl: string;
  fetch?: typeof fetch;
  ttlMs?: number;
}

export class DidResolver {
  private readonly plcUrl: string;
  private readonly fetcher: typeof fetch;
  private readonly ttlMs: number;
  private readonly cache = new Map<string, { identity: Identity; expires: number }>();

  constructor(opts: DidResolverOptions) {
    this.plcUrl = opts.plcUrl.replace(/\/+$/, "");
    this.fetcher = opts.fetch ?? ((input, init) => fetch(input, init));
    this.ttlMs = opts.ttlMs ?? TTL_MS;
  }

  async resolve(did: string, opts: { fresh?: boolean } = {}): Promise<Identity> {
    const hit = this.cache.get(did);
    if (!opts.fresh && hit && hit.expires > Date.now()) return hit.identity;
    const identity = identityFromDocument(did, await this.fetchDocument(did));
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(did, { identity, expires: Date.now() + this.ttlMs });
    return identity;
  }

  private async fetchDocument(did: string): Promise<unknown> {
    let res: UpstreamResponse;
    try {
      res = await getUpstream(documentUrl(did, this.plcUrl), {
        accept: "application/did+ld+json, application/json",
        maxBytes: MAX_DOC_BYTES,
        timeoutMs: TIMEOUT_MS,
        fetch: this.fetcher,
      });
    } catch (err) {
      throw new IdentityError(`could not fetch the DID document of ${did}: ${(err as Error).message}`, false);
    }
    if (res.status === 404 || res.status === 410) throw new IdentityError(`unknown DID: ${did}`, true);
    if (res.status !== 200) throw new IdentityError(`DID document of ${did} answered ${res.status}`, false);
    try {
      return JSON.parse(new TextDecoder().decode(res.bytes));
    } catch {
      throw new IdentityError(`DID document of ${did} is not JSON`, false);
    }
  }
}

export function documentUrl(did: string, plcUrl: string): string {
  if (/^did:plc:[a-z2-7]{24}$/.test(did)) return `${plcUrl}/${did}`;
  if (did.startsWith("did:web:")) {
    const encoded = did.slice("did:web:".length);
    // atproto allows only host-level did:web (no path segments); a port's colon is percent-encoded.
    if (encoded.includes(":") || !/^[a-zA-Z0-9.%-]+$/.test(encoded))
      throw new IdentityError(`unsupported did:web: ${did}`, true);
    const host = decodeURIComponent(encoded);
    const hostname = host.replace(/:\d+$/, "");
    const scheme = hostname === "localhost" || hostname === "127.0.0.1" ? "http" : "https";
    return `${scheme}://${host}/.well-known/did.json`;
  }
  throw new IdentityError(`unsupported DID: ${did}`, true);
}

interface DidDocument {
  id?: unknown;
  verificationMethod?: { id?: unknown; type?: unknown; publicKeyMultibase?: unknown }[];
  service?: { id?: unknown; type?: unknown; serviceEndpoint?: unknown }[];
}

// The document must name the DID itself; ids may be relative (#atproto) or absolute (did#atproto).
export function identityFromDocument(did: string, raw: unknown): Identity {
  const doc = raw as DidDocument;
  if (!doc || typeof doc !== "object" || doc.id !== did)
    throw new IdentityError(`the DID document does not describe ${did}`, false);
  const isId = (id: unknown, name: string) => id === `#${name}` || id === `${did}#${name}`;
  const method = (Array.isArray(doc.verificationMethod) ? doc.verificationMethod : []).find((m) =>
    isId(m?.id, "atproto"),
  );
  if (method?.type !== "Multikey" || typeof method.publicKeyMultibase !== "string")
    throw new IdentityError(`${did} has no #atproto Multikey`, false);
  const signingKey = `did:key:${method.publicKeyMultibase}`;
  try {
    parseDidKey(signingKey);
  } catch {
    throw new IdentityError(`${did} has an unsupported #atproto key`, false);
  }
  const service = (Array.isArray(doc.service) ? doc.service : []).find(
    (s) => isId(s?.id, "atproto_pds") && s?.type === "AtprotoPersonalDataServer",
  );
  const endpoint = typeof service?.serviceEndpoint === "string" ? service.serviceEndpoint : null;
  const pds = endpoint && /^https?:\/\//.test(endpoint) ? endpoint.replace(/\/+$/, "") : null;
  return { did, signingKey, pds };
}
