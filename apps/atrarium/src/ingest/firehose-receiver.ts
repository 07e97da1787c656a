// Holds the WebSocket to Jetstream: stage-1 filtering, batching into the queue, and the stream
// position. Started by the first request to the Worker (and by the cron trigger in production), it
// keeps itself alive with an alarm watchdog that reconnects with backoff.
import { DurableObject } from "cloudflare:workers";
import type { Env, JetstreamEvent } from "../env.ts";
import { type Services, servicesOf } from "../services.ts";
import type { BatchReport } from "./batch-report.ts";
import { passesLightFilter } from "./light-filter.ts";
import { MAX_MESSAGE_BYTES, splitIntoBatches } from "./queue-batches.ts";
import { ReceiverState } from "./receiver-state.ts";

const WATCHDOG_MS = 5_000;
const FLUSH_DELAY_MS = 5;
const MAX_BACKOFF_MS = 60_000;
// Feed generator records: a previous owner's feed answers until its record is deleted (ingest/apply-transfer.ts).
const WANTED = ["app.bsky.feed.post", "app.bsky.feed.generator", "net.atrarium.*"];

export class FirehoseReceiver extends DurableObject<Env> {
  private readonly services: Pick<Services, "settings" | "events">;
  private readonly state: ReceiverState;
  private socket: WebSocket | null = null;
  private connecting = false;
  private buffer: { event: JetstreamEvent; bytes: number }[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private backoffMs = 500;
  private nextAttempt = 0;
  private lastSeen = 0;
  private lastEventAt = 0;
  private lastLagMs = 0;
  private connectedSince = 0;
  private disconnectedSince = Date.now();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.services = servicesOf(env);
    this.state = new ReceiverState(ctx.storage.sql);
    this.lastSeen = Number(this.state.get("last_seen") ?? 0);
  }

  async ensureRunning(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) === null)
      await this.ctx.storage.setAlarm(Date.now() + WATCHDOG_MS);
    if (!this.socket && !this.connecting && Date.now() >= this.nextAttempt) await this.openStream();
  }

  async alarm(): Promise<void> {
    this.saveCursor();
    await this.ctx.storage.setAlarm(Date.now() + WATCHDOG_MS);
    if (!this.socket && !this.connecting && Date.now() >= this.nextAttempt) await this.openStream();
  }

  // The queue consumer reports what it has durably applied; only then can the cursor pass it.
  confirm(report: BatchReport): void {
    this.state.confirm(report.processed);
    this.state.count("queue_processed_total", report.processed.length);
    this.state.count("queue_retried_total", report.retried);
    this.state.count("records_invalid_total", report.invalid);
    this.saveCursor();
  }

  storeDeadLetters(events: JetstreamEvent[]): void {
    for (const e of events)
      this.state.storeDeadLetter(typeof e?.time_us === "number" ? e.time_us : null, JSON.stringify(e));
    this.state.confirm(events.map((e) => e?.time_us).filter((t): t is number => typeof t === "number"));
    this.state.count("dead_letters_total", events.length);
    this.saveCursor();
  }

  status() {
    const now = Date.now();
    return {
      connected: this.socket !== null,
      disconnectedForMs: this.socket ? 0 : now - this.disconnectedSince,
      connectedForMs: this.socket ? now - this.connectedSince : 0,
      lastEventAgeMs: this.lastEventAt ? now - this.lastEventAt : null,
      lastEventLagMs: this.lastLagMs,
      cursor: this.state.safeCursor(this.lastSeen),
      inflight: this.state.inflightCount(),
      deadLetters: this.state.deadLetterCount(),
      counters: this.state.counters(),
    };
  }

  private startCursor(): number | null {
    const { startCursor, reconnectRewindUs } = this.services.settings;
    const saved = this.state.get("cursor");
    if (saved !== undefined) return Math.max(1, Number(saved) - reconnectRewindUs);
    if (startCursor === "oldest") return 1;
    if (startCursor === "now") return null;
    return startCursor;
  }

  private async openStream(): Promise<void> {
    this.connecting = true;
    const url = new URL("/subscribe", this.services.settings.jetstreamUrl);
    for (const c of WANTED) url.searchParams.append("wantedCollections", c);
    const cursor = this.startCursor();
    if (cursor !== null) url.searchParams.set("cursor", String(cursor));
    try {
      const socket = new WebSocket(url.toString());
      await new Promise<void>((resolve, reject) => {
        socket.addEventListener("open", () => resolve(), { once: true });
        socket.addEventListener("error", () => reject(new Error("websocket error")), { once: true });
        socket.addEventListener("close", () => reject(new Error("websocket closed")), { once: true });
      });
      socket.addEventListener("message", (e) => this.onMessage(e.data));
      socket.addEventListener("close", () => this.onDisconnect(socket));
      socket.addEventListener("error", () => this.onDisconnect(socket));
      this.socket = socket;
      this.connectedSince = Date.now();
      this.backoffMs = 500;
      this.state.count("connections_total");
    } catch {
      this.state.count("connect_failures_total");
      this.nextAttempt = Date.now() + this.backoffMs;
      this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    } finally {
      this.connecting = false;
    }
  }

  private onDisconnect(socket: WebSocket): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.disconnectedSince = Date.now();
    this.state.count("disconnects_total");
    this.saveCursor();
    // Reconnect promptly; the watchdog alarm retries with backoff if this fails.
    this.ctx.waitUntil(this.openStream());
  }

  private onMessage(data: string | ArrayBuffer): void {
    this.state.count("events_received_total");
    const text = typeof data === "string" ? data : new TextDecoder().decode(data);
    let event: JetstreamEvent;
    try {
      event = JSON.parse(text);
      if (typeof event?.time_us !== "number" || typeof event.did !== "string")
        throw new Error("not an event");
    } catch {
      this.state.count("events_malformed_total");
      return;
    }
    const now = Date.now();
    this.lastSeen = Math.max(this.lastSeen, event.time_us);
    this.lastEventAt = now;
    this.lastLagMs = Math.max(0, now - event.time_us / 1000);
    if (!passesLightFilter(event)) return;
    const bytes = new TextEncoder().encode(text).length;
    if (bytes > MAX_MESSAGE_BYTES) {
      console.warn(`dropping oversized event (${bytes} bytes) from ${event.did} at ${event.time_us}`);
      this.state.count("events_oversized_total");
      return;
    }
    this.state.addInflight(event.time_us);
    this.buffer.push({ event, bytes });
    this.flushTimer ??= setTimeout(() => this.ctx.waitUntil(this.flush()), FLUSH_DELAY_MS);
  }

  private async flush(): Promise<void> {
    this.flushTimer = null;
    const pending = this.buffer;
    this.buffer = [];
    for (const batch of splitIntoBatches(pending.map((p) => ({ item: p.event, bytes: p.bytes })))) {
      try {
        await this.services.events.sendBatch(batch.map((body) => ({ body, contentType: "json" as const })));
        this.state.count("events_queued_total", batch.length);
      } catch (err) {
        // The events stay in flight, so the cursor holds; reconnecting replays them.
        console.error("queue send failed", err);
        this.state.count("queue_send_failures_total");
        this.socket?.close(1011, "queue send failed");
      }
    }
  }

  private saveCursor(): void {
    this.state.persistCounts();
    this.state.set("last_seen", String(this.lastSeen));
    if (this.lastSeen > 0) this.state.set("cursor", String(this.state.safeCursor(this.lastSeen)));
  }
}
