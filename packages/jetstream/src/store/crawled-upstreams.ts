// The upstreams requestCrawl added, kept in the Jetstream database so a restart consumes them again.
import type { DatabaseSync } from "node:sqlite";
import { statementCache } from "@atrarium/sqlite";

export interface CrawledUpstream {
  url: string;
  hostname: string;
}

export class CrawledUpstreams {
  private readonly stmt: ReturnType<typeof statementCache>;

  constructor(db: DatabaseSync) {
    this.stmt = statementCache(db);
  }

  list(): CrawledUpstream[] {
    return this.stmt(
      "SELECT url, hostname FROM crawled_upstreams ORDER BY added_us",
    ).all() as unknown as CrawledUpstream[];
  }

  add({ url, hostname }: CrawledUpstream): void {
    this.stmt("INSERT OR IGNORE INTO crawled_upstreams (url, hostname, added_us) VALUES (?, ?, ?)").run(
      url,
      hostname,
      Date.now() * 1000,
    );
  }
}
