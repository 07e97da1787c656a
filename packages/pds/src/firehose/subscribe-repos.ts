// com.atproto.sync.subscribeRepos: each subscriber reads the sequencer log from its own cursor and
// sends a frame only while the socket's unsent backlog is under cfg.subscriberBufferBytes, so a client
// that stops reading costs at most that backlog plus one batch read (BATCH_BYTES) until it is dropped.
import type { WebSocket } from "ws";
import type { AppContext } from "../context.ts";
import { errorFrame, messageFrame } from "../sequencer/frames.ts";

// One read from the log: at most this many events or (past the first) this many bytes of frames.
const BATCH = 200;
const BATCH_BYTES = 1024 * 1024;

export function handleSubscribeRepos(ctx: AppContext, ws: WebSocket, params: URLSearchParams): void {
  const { sequencer } = ctx;
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
  // Counted while open, with how far behind the head it is (the operator's metrics).
  const { subscribers } = ctx.observability;
  const position = subscribers.add();
  ws.on("close", () => {
    open = false;
    subscribers.remove(position);
    wakeOnClose();
  });
  ws.on("error", () => ws.terminate());

  const pump = async () => {
    const last = await sequencer.lastSeq();
    let cursor = raw === null ? last : Number(raw);
    if (cursor > last) return closeWithError(ws, "FutureCursor", "Cursor in the future.");
    position.cursor = cursor;
    // A closing server wakes every waiting reader: stop rather than read the closed log.
    while (open && !sequencer.isClosed()) {
      const entries = await sequencer.readAfter(cursor, BATCH, BATCH_BYTES);
      if (entries.length === 0) {
        await Promise.race([sequencer.waitForAfter(cursor), closed]);
        continue;
      }
      // seq is gapless, so a jump means retention purged events this subscriber had not read: a cursor
      // from before the kept window, or a reader that fell behind it. Say so, then go on from there.
      if (entries[0].seq > cursor + 1) {
        ws.send(
          messageFrame("#info", {
            name: "OutdatedCursor",
            message: "Requested cursor exceeded limit. Possibly missing events",
          }),
        );
      }
      for (const entry of entries) {
        // Checked before every frame, not once per batch: a batch of large commits must not pile up
        // in the socket's queue beyond the threshold.
        if (ws.bufferedAmount > ctx.cfg.subscriberBufferBytes && !(await drained(ctx, ws, () => open))) {
          ctx.logger.warn({ cursor }, "dropping firehose consumer that stopped reading");
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
    ctx.logger.error({ err }, "firehose subscriber failed");
    ws.terminate();
  });
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
