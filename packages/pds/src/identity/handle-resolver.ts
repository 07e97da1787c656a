// Handle -> DID with @atproto/identity's HandleResolver: DNS TXT `_atproto.<handle>` = `did=<did>`,
// else `https://<handle>/.well-known/atproto-did`, else the backup nameservers (PDS_HANDLE_BACKUP_
// NAMESERVERS). Answers are cached for handleCacheTtlMs and dropped when the DID they name changes.
//
// PDS_HANDLE_DNS_SERVERS points the TXT lookup at given servers instead of the system resolver. The
// library asks node's module-level resolver (the system's, port 53 only) and looks its backup servers
// up by name, also on port 53, so neither reaches a resolver on another port; we override only its
// resolveDns step with a node:dns Resolver whose servers are set (`ip:port` allowed) and keep the
// library's parsing, its HTTP fallback and its order. Tests use this to run a DNS server on loopback
// rather than binding port 53 or replacing the resolver function.
import { Resolver } from "node:dns/promises";
import { HandleResolver } from "@atproto/identity";
import { type OutboundFetch, outboundFetch } from "../proxy/outbound-fetch.ts";
import { TtlCache } from "./ttl-cache.ts";

const SUBDOMAIN = "_atproto";
const MAX_CACHED = 10_000;
const MAX_BODY_BYTES = 2048;

export interface HandleResolverOptions {
  timeoutMs: number;
  cacheTtlMs: number;
  backupNameservers: string[];
  // Replace the system resolver for TXT lookups (`ip` or `ip:port`); empty: the system resolver.
  dnsServers: string[];
  // Plain http and private addresses for the well-known lookup (devnet only).
  allowPrivate: boolean;
}

class ConfiguredHandleResolver extends HandleResolver {
  private readonly txt: Resolver | null;

  constructor(opts: HandleResolverOptions, fetch: OutboundFetch, txt: Resolver | null) {
    super({
      timeout: opts.timeoutMs,
      backupNameservers: opts.backupNameservers.length > 0 ? opts.backupNameservers : undefined,
      fetch,
    });
    this.txt = txt;
  }

  override async resolveDns(handle: string): Promise<string | undefined> {
    if (!this.txt) return super.resolveDns(handle);
    const records = await this.txt.resolveTxt(`${SUBDOMAIN}.${handle}`).catch(() => undefined);
    return records ? this.parseDnsResult(records) : undefined;
  }
}

export class HandleResolution {
  private readonly resolver: ConfiguredHandleResolver;
  private readonly cache: TtlCache<string>;
  private readonly txt: Resolver;
  private readonly fetch: OutboundFetch;
  private readonly opts: HandleResolverOptions;

  constructor(opts: HandleResolverOptions) {
    this.opts = opts;
    // Without configured servers it asks the system's, as the library's first lookup does.
    this.txt = new Resolver({ timeout: opts.timeoutMs, tries: 2 });
    try {
      if (opts.dnsServers.length > 0) this.txt.setServers(opts.dnsServers);
    } catch (err) {
      // At start, naming the setting, rather than failing every handle lookup later.
      throw new Error(`PDS_HANDLE_DNS_SERVERS: ${(err as Error).message} (${opts.dnsServers.join(", ")})`);
    }
    this.fetch = outboundFetch({
      allowPrivate: opts.allowPrivate,
      timeoutMs: opts.timeoutMs,
      maxBodyBytes: MAX_BODY_BYTES,
    });
    this.resolver = new ConfiguredHandleResolver(
      opts,
      this.fetch,
      opts.dnsServers.length > 0 ? this.txt : null,
    );
    this.cache = new TtlCache({ staleMs: opts.cacheTtlMs, maxMs: opts.cacheTtlMs, maxEntries: MAX_CACHED });
  }

  // The DID the handle's DNS record or well-known file names, or undefined. `fresh`: skip the cache.
  async resolve(handle: string, opts: { fresh?: boolean } = {}): Promise<string | undefined> {
    if (!opts.fresh) {
      const hit = this.cache.get(handle);
      if (hit) return hit.value;
    }
    const did = await this.resolver.resolve(handle);
    if (did) this.cache.set(handle, did);
    else this.cache.delete(handle);
    return did;
  }

  invalidateHandle(handle: string): void {
    this.cache.delete(handle);
  }

  // Every cached handle that named the DID: after its document or handle changed.
  invalidateDid(did: string): void {
    this.cache.deleteWhere((value) => value === did);
  }

  // What a failed verification saw, for the error message: each place looked up and what it held.
  async describeLookups(handle: string): Promise<string> {
    const [dns, http] = await Promise.all([this.describeDns(handle), this.describeHttp(handle)]);
    return `${dns}; ${http}`;
  }

  private async describeDns(handle: string): Promise<string> {
    const servers = this.opts.dnsServers.length > 0 ? ` (servers ${this.opts.dnsServers.join(", ")})` : "";
    const name = `${SUBDOMAIN}.${handle}`;
    try {
      const records = (await this.txt.resolveTxt(name)).map((chunks) => chunks.join(""));
      const shown = records.map((r) => JSON.stringify(r)).join(", ");
      return `DNS TXT ${name}${servers}: found ${records.length === 0 ? "no records" : shown}`;
    } catch (err) {
      return `DNS TXT ${name}${servers}: ${(err as { code?: string }).code ?? (err as Error).message}`;
    }
  }

  private async describeHttp(handle: string): Promise<string> {
    const url = `https://${handle}/.well-known/atproto-did`;
    try {
      const res = await this.fetch(url, { signal: AbortSignal.timeout(this.opts.timeoutMs) });
      if (!res.ok) return `${url}: HTTP ${res.status}`;
      const line = (await res.text()).split("\n")[0]?.trim() ?? "";
      return `${url}: found ${JSON.stringify(line.slice(0, 200))}`;
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      return `${url}: ${cause ?? (err as Error).message}`;
    }
  }
}
