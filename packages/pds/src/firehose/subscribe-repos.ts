// com.atproto.sync.subscribeRepos: each subscriber reads the sequencer log from its own cursor and
// only reads more once the socket has flushed, so a slow client holds at most one batch in memory.
import type { WebSocket } from "ws";
import type { AppContext } from "../context.ts";
import { errorFrame, messageFrame } from "../sequencer/frames.ts";

const BATCH = 200;

export function handleSubscribeRepos(ctx: AppContext, ws: WebSocket, params: URLSearchParams): void {
  const { sequencer } = ctx;
  const raw = params.get("cursor");
  let cursor = sequencer.lastSeq;
  if (raw !== null) {
    if (!/^\d+$/.test(raw)) {
      closeWithError(ws, "InvalidRequest", "cursor must be a non-negative integer");
      return;
    }
    cursor = Number(raw);
    if (cursor > sequencer.lastSeq) {
      closeWithError(ws, "FutureCursor", "Cursor in the future.");
      return;
    }
    const oldest = sequencer.oldestSeq();
    if (oldest !== null && cursor < oldest - 1) {
      ws.send(
        messageFrame("#info", {
          name: "OutdatedCursor",
          message: "Requested cursor exceeded limit. Possibly missing events",
        }),
      );
      cursor = oldest - 1;
    }
  }
  let open = true;
  let wakeOnClose: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    wakeOnClose = resolve;
  });
  ws.on("close", () => {
    open = false;
    wakeOnClose();
  });
  ws.on("error", () => ws.terminate());

  const pump = async () => {
    while (open) {
      const entries = sequencer.readAfter(cursor, BATCH);
      if (entries.length === 0) {
        await Promise.race([sequencer.waitForAfter(cursor), closed]);
        continue;
      }
      for (const entry of entries) {
        ws.send(entry.frame);
        cursor = entry.seq;
      }
      if (!(await drained(ctx, ws, () => open))) {
        ctx.logger.warn({ cursor }, "dropping firehose consumer that stopped reading");
        return closeWithError(ws, "ConsumerTooSlow", "Stream consumer too slow");
      }
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
