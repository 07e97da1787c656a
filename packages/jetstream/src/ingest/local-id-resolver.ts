// Identity resolution that never leaves the devnet: DIDs through the configured PLC directory, handles
// through the upstream PDSes' com.atproto.identity.resolveHandle (each PDS knows its own accounts'
// `*.test` handles), never DNS or outside HTTPS. DID documents are cached; a commit whose signature
// fails against a cached key is retried once with a fresh document by @atproto/sync.
import { HandleResolver, IdResolver, MemoryCache } from "@atproto/identity";

class UpstreamHandleResolver extends HandleResolver {
  private readonly pdsUrls: string[];

  constructor(pdsUrls: string[]) {
    super();
    this.pdsUrls = pdsUrls;
  }

  override async resolve(handle: string): Promise<string | undefined> {
    for (const pdsUrl of this.pdsUrls) {
      const url = new URL("/xrpc/com.atproto.identity.resolveHandle", pdsUrl);
      url.searchParams.set("handle", handle);
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
        if (res.ok) return ((await res.json()) as { did?: string }).did;
        await res.body?.cancel();
      } catch {
        // That PDS is down or not a PDS; another may know the handle.
      }
    }
    return undefined;
  }
}

export function localIdResolver(plcUrl: string, pdsUrls: string[]): IdResolver {
  // The default fetch of @atproto/identity refuses loopback addresses (SSRF guard); the devnet lives there.
  const resolver = new IdResolver({
    plcUrl,
    fetch: globalThis.fetch,
    timeout: 5000,
    didCache: new MemoryCache(60_000, 10 * 60_000),
  });
  resolver.handle = new UpstreamHandleResolver(pdsUrls);
  return resolver;
}
