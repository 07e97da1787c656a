// One `/subscribe` connection: a pull loop over the event log from the subscriber's own position. It
// reads the next batch only once the socket has flushed, so a slow subscriber costs at most one batch
// and `bufferBytes` of memory; one whose backlog does not drain within `stallMs`, or that falls behind
// the retention window, is disconnected (close code 1008, reason ConsumerTooSlow) to reconnect with
// its cursor. Subscriber messages: `options_update` swaps the filter; other types are ignored (v1).
//
// Fairness: the log holds millions of events and SQLite calls are synchronous, so every read covers a
// bounded window of the log (at most `maxWindow` events, the filter applied in SQL through the
// indexes) and the loop yields to the event loop after each one: a replay whose filter matches
// nothing walks the log in small steps instead of holding ingest, other subscribers and HTTP.
import type { WebSocket } from "ws";
import type { EventLog } from "../store/event-log.ts";
import { type Filter, FilterError, filterFromUpdate, selectionOf } from "./filter.ts";

export interface SubscriberLimits {
  batchSize: number;
  bufferBytes: number;
  stallMs: number;
}

export interface SubscriberOptions {
  log: EventLog;
  filter: Filter;
  // Read the events with time_us > position; null for the live tip.
  position: number | null;
  requireHello: boolean;
  limits: SubscriberLimits;
  onSent: (bytes: number) => void;
  onDropped: (reason: string) => void;
  // After each window read: how many events of the log lie past what this subscriber has read.
  onProgress?: (behind: number) => void;
}

export interface ServedSubscriber {
  // Events of the log past this subscriber's position (whatever its filter), now.
  behind: () => number;
}

export function serveSubscriber(ws: WebSocket, opts: SubscriberOptions): ServedSubscriber {
  const { log, limits } = opts;
  let filter = opts.filter;
  let selection = selectionOf(filter);
  let open = true;
  let helloReceived: () => void = () => {};
  const hello = opts.requireHello ? new Promise<void>((r) => (helloReceived = r)) : Promise.resolve();
  let wakeOnClose: () => void = () => {};
  const closed = new Promise<void>((r) => (wakeOnClose = r));
  ws.on("close", () => {
    open = false;
    wakeOnClose();
  });
  ws.on("error", () => ws.terminate());
  ws.on("message", (data, isBinary) => {
    let msg: { type?: unknown; payload?: unknown };
    try {
      msg = JSON.parse(isBinary ? Buffer.from(data as Buffer).toString("utf8") : String(data));
    } catch {
      ws.close(1007, "bad SubscriberSourcedMessage envelope");
      return;
    }
    if (msg?.type !== "options_update") return;
    try {
      filter = filterFromUpdate(msg.payload);
      selection = selectionOf(filter);
      helloReceived();
    } catch (err) {
      const reason = err instanceof FilterError ? err.message : "bad options_update payload";
      ws.close(1008, truncate(reason));
    }
  });

  let position = opts.position === null ? log.lastPos : log.posAfterTime(opts.position);
  // The window adapts to the filter: it grows while windows hold fewer events than a batch (a sparse
  // filter crosses the log in few reads) and shrinks when one fills (less read past the batch).
  const minWindow = limits.batchSize;
  const maxWindow = limits.batchSize * 64;
  let window = minWindow * 4;
  const pump = async () => {
    await Promise.race([hello, closed]);
    // A cursor older than the retained log starts at its oldest event (upstream v1 clamps silently).
    position = Math.max(position, log.prunedThroughPos);
    while (open) {
      if (position < log.prunedThroughPos) return drop("fell behind the retention window");
      if (position >= log.lastPos) {
        await Promise.race([log.waitForAfter(position), closed]);
        continue;
      }
      const upto = Math.min(log.lastPos, position + window);
      const rows = log.readWindow(position, upto, selection, limits.batchSize);
      const full = rows.length === limits.batchSize;
      for (const row of rows) {
        if (!open) return;
        const max = filter.maxMessageSizeBytes;
        const bytes = Buffer.byteLength(row.json);
        if (max > 0 && bytes > max) continue;
        ws.send(row.json);
        opts.onSent(bytes);
      }
      position = full ? rows[rows.length - 1].pos : upto;
      window = full ? Math.max(minWindow, Math.floor(window / 2)) : Math.min(maxWindow, window * 2);
      opts.onProgress?.(log.lastPos - position);
      if (!(await drained())) return drop("backlog did not drain");
      await new Promise((r) => setImmediate(r));
    }
  };

  const drained = async (): Promise<boolean> => {
    const started = Date.now();
    while (open && ws.bufferedAmount > limits.bufferBytes) {
      if (Date.now() - started > limits.stallMs) return false;
      await new Promise((r) => setTimeout(r, 25));
    }
    return true;
  };

  const drop = (reason: string) => {
    opts.onDropped(reason);
    ws.close(1008, "ConsumerTooSlow");
    // The close handshake needs the client; a client that never reads never answers it.
    setTimeout(() => ws.terminate(), 2000).unref();
  };

  pump().catch(() => ws.terminate());
  return { behind: () => Math.max(0, log.lastPos - position) };
}

// A close reason must fit in 123 bytes (RFC 6455).
function truncate(reason: string): string {
  return Buffer.byteLength(reason) <= 123 ? reason : `${Buffer.from(reason).subarray(0, 110).toString()}...`;
}
