// com.atproto.sync.requestCrawl behind the HTTP edge: a host the allow-list permits, that is not an
// upstream yet and that answers describeServer as a PDS, becomes an upstream: persisted, then consumed
// from the beginning of its firehose. Events still pass the upstream trust rules (a DID's events only
// from the PDS its DID document names), so a crawled host can speak only for its own accounts.
import type { Logger } from "pino";
import { sameServer } from "../ingest/hosting.ts";
import type { CrawledUpstreams } from "../store/crawled-upstreams.ts";
import { type CrawlRule, decideCrawl } from "./crawl-allow.ts";
import type { CrawlHostname } from "./crawl-hostname.ts";
import { describePds, NonPublicAddressError } from "./pds-check.ts";

// Checks running at once: each may wait on DNS and a remote server; more is a flood, answered 429.
const MAX_PENDING_CHECKS = 8;

export type CrawlOutcome =
  | { kind: "known"; url: string }
  | { kind: "added"; url: string }
  | { kind: "refused"; message: string }
  | { kind: "notPds"; message: string }
  | { kind: "busy" };

export interface CrawlStats {
  requests: number;
  added: number;
  known: number;
  refused: number;
  notPds: number;
  busy: number;
}

export interface CrawlerOptions {
  rules: readonly CrawlRule[];
  store: CrawledUpstreams;
  // The upstream base URLs consumed now.
  upstreams: () => readonly string[];
  // publicOnly: a public host (not a devnet's loopback PDS the operator allowed by port).
  addUpstream: (url: string, publicOnly: boolean) => void;
  checkTimeoutMs: number;
  logger: Logger;
}

export class Crawler {
  readonly stats: CrawlStats = { requests: 0, added: 0, known: 0, refused: 0, notPds: 0, busy: 0 };
  private readonly opts: CrawlerOptions;
  private readonly pending = new Map<string, Promise<CrawlOutcome>>();

  constructor(opts: CrawlerOptions) {
    this.opts = opts;
  }

  async request(target: CrawlHostname, hostname: string): Promise<CrawlOutcome> {
    this.stats.requests++;
    const outcome = await this.decide(target, hostname);
    this.stats[outcome.kind]++;
    if (outcome.kind === "refused" || outcome.kind === "notPds") {
      this.opts.logger.info({ hostname, reason: outcome.message }, "requestCrawl refused");
    }
    return outcome;
  }

  private decide(target: CrawlHostname, hostname: string): Promise<CrawlOutcome> {
    const decision = decideCrawl(target, this.opts.rules);
    if ("refused" in decision) return Promise.resolve({ kind: "refused", message: decision.refused });
    const { url } = decision;
    if (this.known(url)) return Promise.resolve({ kind: "known", url });
    // Two requests for one host share one check, so the host is added once.
    const running = this.pending.get(url);
    if (running) return running;
    if (this.pending.size >= MAX_PENDING_CHECKS) return Promise.resolve({ kind: "busy" });
    const check = this.checkAndAdd(url, decision.publicOnly, hostname).finally(() =>
      this.pending.delete(url),
    );
    this.pending.set(url, check);
    return check;
  }

  private async checkAndAdd(url: string, publicOnly: boolean, hostname: string): Promise<CrawlOutcome> {
    try {
      await describePds(url, { publicOnly, timeoutMs: this.opts.checkTimeoutMs });
    } catch (err) {
      const message = (err as Error).message;
      return err instanceof NonPublicAddressError
        ? { kind: "refused", message }
        : { kind: "notPds", message };
    }
    if (this.known(url)) return { kind: "known", url };
    this.opts.store.add({ url, hostname: hostname.toLowerCase() });
    this.opts.addUpstream(url, publicOnly);
    this.opts.logger.info({ hostname, upstream: url }, "requestCrawl: consuming a new upstream");
    return { kind: "added", url };
  }

  private known(url: string): boolean {
    return this.opts.upstreams().some((u) => sameServer(u, url));
  }
}
