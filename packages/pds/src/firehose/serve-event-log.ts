// An event stream over a WebSocket (com.atproto.sync.subscribeRepos, com.atproto.label.subscribeLabels):
// each subscriber reads the log from its own cursor and sends a frame only while the socket's unsent
// backlog is under cfg.subscriberBufferBytes, so a client that stops reading costs at most that backlog
// plus one batch read (BATCH_BYTES) until it is dropped. Without a cursor it starts at the head (live
// events only); a cursor past the head is refused (FutureCursor).
import type { WebSocket } from "ws";
import type { AppContext } from "../context.ts";
import { errorFrame, messageFrame } from "../sequencer/frames.ts";
import type { SubscriberPosition } from "./subscriber-positions.ts";

// One read from the log: at most this many events or (past the first) this many bytes of frames.
const BATCH = 200;
const BATCH_BYTES = 1024 * 1024;

/** A log of ready-to-send frames by seq (the sequencer, the label store). */
export interface EventLog {
  lastSeq(): Promise<number>;
  readAfter(cursor: number, limit: number, maxBytes?: number): Promise<{ seq: number; frame: Uint8Array }[]>;
  /** The oldest event still kept (null: none), for a gapless log whose old events are purged. */
  firstSeq?(): Promise<number | null>;
  /** Resolves once an event after `seq` exists (at once if one already does), or on close. */
  waitForAfter(seq: number): Promise<void>;
  isClosed(): boolean;
}

export interface EventStreamOptions {
  // For the log lines: "firehose", "label stream".
  name: string;
  // A gapless log (the firehose): a jump in seq past the oldest kept event means retention purged
  // events the subscriber had not read, said with an #info OutdatedCursor frame. A hole above the
  // oldest event (a restored backup's log, trimmed to its snapshots) is not news. A compacted log
  // (labels) has gaps by design.
  gapless: boolean;
  // Where this subscriber is, for the operator's metrics; released when the socket closes.
  position?: { track: () => SubscriberPosition; release: (position: SubscriberPosition) => void };
}

export function serveEventLog(
  ctx: AppContext,
  ws: WebSocket,
  params: URLSearchParams,
  log: EventLog,
  opts: EventStreamOptions,
): void {
  const raw = params.get("cursor");
  if (raw !== null && !/^\d+$/.test(raw)) {
    closeWithError(ws, "InvalidRequest", "cursor must be a non-negative integer");
    return;
  }
  let open = true;
  let wakeOnClose: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    wakeOnClose = resolve;
  });
  const position = opts.position?.track() ?? { cursor: null };
  ws.on("close", () => {
    open = false;
    opts.position?.release(position);
    wakeOnClose();
  });
  ws.on("error", () => ws.terminate());

  const pump = async () => {
    const last = await log.lastSeq();
    let cursor = raw === null ? last : Number(raw);
    if (cursor > last) return closeWithError(ws, "FutureCursor", "Cursor in the future.");
    position.cursor = cursor;
    // A closing server wakes every waiting reader: stop rather than read the closed log.
    while (open && !log.isClosed()) {
      const entries = await log.readAfter(cursor, BATCH, BATCH_BYTES);
      if (entries.length === 0) {
        await Promise.race([log.waitForAfter(cursor), closed]);
        continue;
      }
      if (opts.gapless && entries[0].seq > cursor + 1 && (await purgedAfter(log, cursor))) {
        ws.send(
          messageFrame("#info", {
            name: "OutdatedCursor",
            message: "Requested cursor exceeded limit. Possibly missing events",
          }),
        );
      }
      for (const entry of entries) {
        // Checked before every frame, not once per batch: a batch of large events must not pile up
        // in the socket's queue beyond the threshold.
        if (ws.bufferedAmount > ctx.cfg.subscriberBufferBytes && !(await drained(ctx, ws, () => open))) {
          ctx.logger.warn({ cursor }, `dropping ${opts.name} consumer that stopped reading`);
          return closeWithError(ws, "ConsumerTooSlow", "Stream consumer too slow");
        }
        if (!open) return;
        ws.send(entry.frame);
        cursor = entry.seq;
        position.cursor = cursor;
      }
      // A replay of a long log to a fast reader never waits above; let other requests in per batch.
      await new Promise((r) => setImmediate(r));
    }
  };
  pump().catch((err) => {
    ctx.logger.error({ err }, `${opts.name} subscriber failed`);
    ws.terminate();
  });
}

// Whether events right after `cursor` are gone because the log's oldest kept event is further on.
async function purgedAfter(log: EventLog, cursor: number): Promise<boolean> {
  if (!log.firstSeq) return true;
  const first = await log.firstSeq();
  return first === null || first > cursor + 1;
}

// Waits until the socket's unsent backlog is below the threshold; false if it stayed above too long.
async function drained(ctx: AppContext, ws: WebSocket, isOpen: () => boolean): Promise<boolean> {
  const { subscriberBufferBytes, subscriberStallMs } = ctx.cfg;
  const started = Date.now();
  while (isOpen() && ws.bufferedAmount > subscriberBufferBytes) {
    if (Date.now() - started > subscriberStallMs) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}

function closeWithError(ws: WebSocket, error: string, message: string): void {
  ws.send(errorFrame(error, message), () => ws.close(1008, error));
  // The close handshake needs the client; a client that never reads never answers it.
  setTimeout(() => ws.terminate(), 2000).unref();
}
