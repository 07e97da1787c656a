// Tells relays (PDS_CRAWLERS) that this PDS has new events, as the official PDS does: a
// com.atproto.sync.requestCrawl with our public hostname, at most once per interval (20 min) per
// crawler. It follows the sequencer (waitForAfter) instead of sitting in the write path, so a slow or
// dead relay never delays a write. A failed request is retried on a later event once a backoff has
// passed (doubling, capped by the interval).
import type { Logger } from "pino";
import type { Clock } from "../clock.ts";
import type { Sequencer } from "./types.ts";

const REQUEST_TIMEOUT_MS = 10_000;
const FIRST_BACKOFF_MS = 1_000;

export interface CrawlerNotifierOptions {
  crawlers: string[];
  // host[:port] the relays reach us at: the host of PDS_PUBLIC_URL.
  hostname: string;
  intervalMs: number;
  sequencer: Pick<Sequencer, "lastSeq" | "waitForAfter">;
  clock: Clock;
  logger: Logger;
}

// When a crawler may next be told, from what happened the last time. Pure, so the rule is tested alone.
export interface CrawlSchedule {
  nextAt: number;
  failures: number;
}

export function afterSuccess(now: number, intervalMs: number): CrawlSchedule {
  return { nextAt: now + intervalMs, failures: 0 };
}

export function afterFailure(prev: CrawlSchedule, now: number, intervalMs: number): CrawlSchedule {
  const failures = prev.failures + 1;
  return { nextAt: now + Math.min(intervalMs, FIRST_BACKOFF_MS * 2 ** (failures - 1)), failures };
}

export interface CrawlerNotifier {
  // Resolves once any request under way has ended. The follow loop ends when the sequencer closes
  // (it wakes its waiters then).
  stop: () => Promise<void>;
}

export function startCrawlerNotifier(opts: CrawlerNotifierOptions): CrawlerNotifier {
  const crawlers = opts.crawlers.map((url) => ({
    url,
    schedule: { nextAt: 0, failures: 0 } as CrawlSchedule,
    inFlight: undefined as Promise<void> | undefined,
  }));
  let stopped = false;
  const abort = new AbortController();

  const notify = async (crawler: (typeof crawlers)[number]) => {
    const endpoint = new URL("/xrpc/com.atproto.sync.requestCrawl", crawler.url);
    try {
      const res = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ hostname: opts.hostname }),
        redirect: "manual",
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
      crawler.schedule = afterSuccess(opts.clock.now(), opts.intervalMs);
      opts.logger.info({ crawler: crawler.url, hostname: opts.hostname }, "requested crawl");
    } catch (err) {
      crawler.schedule = afterFailure(crawler.schedule, opts.clock.now(), opts.intervalMs);
      if (!stopped) opts.logger.warn({ err, crawler: crawler.url }, "requestCrawl failed; will retry");
    }
  };

  const onEvent = () => {
    const now = opts.clock.now();
    for (const crawler of crawlers) {
      if (crawler.inFlight || now < crawler.schedule.nextAt) continue;
      crawler.inFlight = notify(crawler).finally(() => {
        crawler.inFlight = undefined;
      });
    }
  };

  const follow = async () => {
    let seen = await opts.sequencer.lastSeq();
    while (!stopped) {
      await opts.sequencer.waitForAfter(seen);
      if (stopped) return;
      const last = await opts.sequencer.lastSeq();
      // The sequencer also wakes its waiters when it closes, with nothing new.
      if (last <= seen) return;
      seen = last;
      onEvent();
    }
  };

  if (crawlers.length > 0) {
    follow().catch((err) => opts.logger.error({ err }, "crawler notifier stopped"));
  }

  return {
    stop: async () => {
      stopped = true;
      abort.abort();
      await Promise.all(crawlers.map((c) => c.inFlight));
    },
  };
}
