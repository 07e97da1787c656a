// Consumes one PDS's com.atproto.sync.subscribeRepos with @atproto/sync's verification (commit
// signature against the DID's key, MST inclusion proof of every op) and the trust rules of
// upstream-events.ts, and appends the resulting Jetstream events to the log. Events are handled one at a time and awaited, so the socket is paused (TCP
// backpressure) while we are busy; each upstream event is stored with its seq as the new cursor in one
// transaction. We use @atproto/sync's parse functions over xrpc-server's Subscription rather than its
// Firehose class because Firehose swallows errors and, with a runner, does not await handlers.
import type { IdResolver } from "@atproto/identity";
import { Subscription } from "@atproto/xrpc-server";
import type { Logger } from "pino";
import type { EventLog } from "../store/event-log.ts";
import { isRejection, isTransient } from "./errors.ts";
import { asFirehoseMessage, type FirehoseMessage } from "./firehose-message.ts";
import { type RepoMessage, type UpstreamEvents, upstreamEvents } from "./upstream-events.ts";
import { emptyStats, type UpstreamStats } from "./upstream-stats.ts";

const METHOD = "com.atproto.sync.subscribeRepos";
const MAX_TRANSIENT_ATTEMPTS = 4;

export interface UpstreamConsumerOptions {
  url: string;
  log: EventLog;
  idResolver: IdResolver;
  logger: Logger;
  maxReconnectSeconds: number;
}

export class UpstreamConsumer {
  readonly stats: UpstreamStats;
  // How old the last upstream event was (its `time`) when we took it up: how far behind the upstream
  // ingest runs (a first connection replays its whole log). Null until an event arrived.
  lagSeconds: number | null = null;
  private readonly opts: UpstreamConsumerOptions;
  private readonly abort = new AbortController();
  private running: Promise<void> = Promise.resolve();

  constructor(opts: UpstreamConsumerOptions) {
    this.opts = opts;
    this.stats = emptyStats(opts.url);
    this.stats.cursor = opts.log.upstreamCursor(opts.url) ?? null;
  }

  start(): void {
    this.running = this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async run(): Promise<void> {
    const { logger } = this.opts;
    for (let attempt = 0; !this.abort.signal.aborted; attempt++) {
      try {
        let lastYield = performance.now();
        for await (const msg of this.subscription()) {
          this.stats.connected = true;
          attempt = 0;
          await this.handle(msg);
          if (this.abort.signal.aborted) return;
          // Buffered frames and verification resolve as microtasks only: without a turn of the event
          // loop now and then, a backlog would starve subscribers and HTTP requests until it is done.
          if (performance.now() - lastYield > 10) {
            await new Promise((r) => setImmediate(r));
            lastYield = performance.now();
          }
        }
      } catch (err) {
        if (this.abort.signal.aborted) return;
        this.stats.connected = false;
        this.stats.reconnects++;
        if ((err as { error?: string }).error === "FutureCursor") {
          // The upstream's log is behind our cursor: it was reset. Start over from its beginning.
          logger.warn(
            { upstream: this.opts.url },
            "upstream reports a future cursor; replaying it from the start",
          );
          this.opts.log.resetUpstreamCursor(this.opts.url);
        } else {
          logger.warn({ err, upstream: this.opts.url }, "upstream subscription failed; reconnecting");
        }
        await sleep(Math.min(250 * 2 ** attempt, this.opts.maxReconnectSeconds * 1000), this.abort.signal);
      }
    }
  }

  private subscription(): Subscription<FirehoseMessage> {
    return new Subscription<FirehoseMessage>({
      service: this.opts.url.replace(/^http/, "ws"),
      method: METHOD,
      signal: this.abort.signal,
      maxReconnectSeconds: this.opts.maxReconnectSeconds,
      // A first connection replays the upstream's whole retained log, so nothing before we started
      // is missed (and listReposByCollection sees every repo that ever wrote).
      getParams: () => ({ cursor: this.opts.log.upstreamCursor(this.opts.url) ?? 0 }),
      validate: (value) => {
        const msg = asFirehoseMessage(value);
        if (!msg) this.stats.invalidSkipped++;
        return msg;
      },
      onReconnectError: () => {
        this.stats.connected = false;
        this.stats.reconnects++;
      },
    });
  }

  private async handle(msg: FirehoseMessage): Promise<void> {
    if (msg.kind === "info") {
      this.opts.logger.info({ upstream: this.opts.url, info: msg.body }, "upstream #info");
      return;
    }
    this.stats.received++;
    const eventTime = Date.parse(String(msg.body.time));
    if (Number.isFinite(eventTime)) this.lagSeconds = Math.max(0, (Date.now() - eventTime) / 1000);
    const cursor = this.opts.log.upstreamCursor(this.opts.url);
    if (cursor !== undefined && msg.seq <= cursor) return; // Replayed after a reconnect: stored already.
    const events = await this.eventsWithRetry(msg);
    if (this.abort.signal.aborted) return;
    const result = this.opts.log.append(this.opts.url, msg.seq, events.drafts, events.repoRev);
    if (result === "seen") return;
    this.stats.cursor = msg.seq;
    if (result === "staleRev") {
      this.stats.revNotIncreasing++;
      this.opts.logger.warn(
        { ...events.repoRev, seq: msg.seq, upstream: this.opts.url },
        "dropping a commit whose rev is not past the repo's last",
      );
      return;
    }
    this.stats.eventsStored += events.drafts.length;
  }

  // Transient failures (the PLC directory or a PDS briefly unreachable) are retried a few times; if
  // they persist, the error ends this connection without advancing the cursor, so the event comes
  // again after the reconnect instead of being lost.
  private async eventsWithRetry(msg: RepoMessage): Promise<UpstreamEvents> {
    const { idResolver, logger, url } = this.opts;
    for (let attempt = 1; ; attempt++) {
      try {
        return await upstreamEvents(msg, { upstream: url, idResolver, stats: this.stats, logger });
      } catch (err) {
        if (isRejection(err)) {
          this.stats.commitsRejected++;
          this.opts.logger.warn(
            { err, seq: msg.seq, upstream: this.opts.url },
            "dropping unverifiable commit",
          );
          return { drafts: [] };
        }
        if (!isTransient(err)) {
          this.stats.invalidSkipped++;
          this.opts.logger.warn({ err, seq: msg.seq, upstream: this.opts.url }, "dropping malformed event");
          return { drafts: [] };
        }
        this.stats.transientRetries++;
        if (attempt >= MAX_TRANSIENT_ATTEMPTS || this.abort.signal.aborted) throw err;
        await sleep(200 * 2 ** attempt, this.abort.signal);
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
