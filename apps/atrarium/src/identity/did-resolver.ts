// Resolves a DID to its #atproto signing key and #atproto_pds endpoint: did:plc through the configured
// PLC directory, did:web from https://host/.well-known/did.json (http for localhost/127.0.0.1, where a
// devnet runs). Plain fetch with `redirect: "manual"` because workerd rejects `redirect: "error"`
// (which @atproto/identity uses); a redirect is a failure, never followed. Documents are cached per
// isolate; `fresh` re-fetches, which callers use once after a signature failure to follow rotation.
// Failures are cached too, briefly: any caller can name any did:web, and without that every request
// carrying one would make the Worker fetch https://<host>/.well-known/did.json again.
import { parseDidKey } from "@atproto/crypto";
import { getUpstream, type UpstreamResponse } from "../shared/upstream.ts";
import { didWebDocumentUrl, didWebHost } from "./did-web.ts";

const TTL_MS = 10 * 60 * 1000;
const FAILURE_TTL_MS = 60 * 1000;
const MAX_CACHED = 10_000;
const MAX_DOC_BYTES = 64 * 1024;
const TIMEOUT_MS = 5_000;

export interface Identity {
  did: string;
  // did:key form of the #atproto verification method.
  signingKey: string;
  // Base URL of the #atproto_pds service, if the document has one.
  pds: string | null;
  // The handle the document claims (its first at:// alsoKnownAs), not verified here.
  handle: string | null;
  // The document itself (the OAuth client reads its services).
  document: Record<string, unknown>;
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
  failureTtlMs?: number;
  // Milliseconds; tests pass their own clock.
  now?: () => number;
}

export class DidResolver {
  private readonly plcUrl: string;
  private readonly fetcher: typeof fetch;
  private readonly ttlMs: number;
  private readonly failureTtlMs: number;
  private readonly now: () => number;
  private readonly cache = new Map<string, { identity: Identity; expires: number }>();
  private readonly failures = new Map<string, { error: IdentityError; expires: number }>();
  private readonly inflight = new Map<string, Promise<Identity>>();

  constructor(opts: DidResolverOptions) {
    this.plcUrl = opts.plcUrl.replace(/\/+$/, "");
    this.fetcher = opts.fetch ?? ((input, init) => fetch(input, init));
    this.ttlMs = opts.ttlMs ?? TTL_MS;
    this.failureTtlMs = opts.failureTtlMs ?? FAILURE_TTL_MS;
    this.now = opts.now ?? Date.now;
  }

  async resolve(did: string, opts: { fresh?: boolean } = {}): Promise<Identity> {
    const hit = this.cache.get(did);
    if (!opts.fresh && hit && hit.expires > this.now()) return hit.identity;
    const failed = this.failures.get(did);
    if (failed && failed.expires > this.now()) throw failed.error;
    // Concurrent requests for one DID share one fetch.
    const pending = this.inflight.get(did);
    if (pending) return pending;
    const lookup = this.lookup(did).finally(() => this.inflight.delete(did));
    this.inflight.set(did, lookup);
    return lookup;
  }

  /**
   * The DID document itself, fetched now (not cached), for a DID that need not be a repo's: a labeler's
   * server DID has #atproto_label and #atproto_labeler but perhaps no #atproto key (labels/).
   */
  async document(did: string): Promise<Record<string, unknown>> {
    const doc = (await this.fetchDocument(did)) as { id?: unknown } | null;
    if (!doc || typeof doc !== "object" || doc.id !== did)
      throw new IdentityError(`the DID document does not describe ${did}`, false);
    return doc as Record<string, unknown>;
  }

  private async lookup(did: string): Promise<Identity> {
    try {
      const identity = identityFromDocument(did, await this.fetchDocument(did));
      remember(this.cache, did, { identity, expires: this.now() + this.ttlMs });
      this.failures.delete(did);
      return identity;
    } catch (err) {
      if (err instanceof IdentityError)
        remember(this.failures, did, { error: err, expires: this.now() + this.failureTtlMs });
      throw err;
    }
  }

  private async fetchDocument(did: string): Promise<unknown> {
    // An unsupported DID is refused as unknown before anything is fetched.
    const url = documentUrl(did, this.plcUrl);
    let res: UpstreamResponse;
    try {
      res = await getUpstream(url, {
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

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  if (map.size >= MAX_CACHED) map.delete(map.keys().next().value as string);
  map.set(key, value);
}

export function documentUrl(did: string, plcUrl: string): string {
  if (/^did:plc:[a-z2-7]{24}$/.test(did)) return `${plcUrl}/${did}`;
  if (did.startsWith("did:web:")) {
    const host = didWebHost(did);
    if (!host) throw new IdentityError(`unsupported did:web: ${did}`, true);
    return didWebDocumentUrl(host);
  }
  throw new IdentityError(`unsupported DID: ${did}`, true);
}

interface DidDocument {
  id?: unknown;
  alsoKnownAs?: unknown;
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
  const aka = Array.isArray(doc.alsoKnownAs) ? doc.alsoKnownAs : [];
  const claimed = aka.find((a): a is string => typeof a === "string" && a.startsWith("at://"));
  const handle = claimed ? claimed.slice("at://".length).toLowerCase() : null;
  return { did, signingKey, pds, handle, document: raw as Record<string, unknown> };
}
