// com.atproto.label.subscribeLabels: the label store read by seq as an event stream
// (firehose/serve-event-log.ts), one #labels frame {seq, labels: [label]} per stored label. The store
// keeps only the newest label per (src, uri, cid, val), so a replay from cursor 0 is the compacted
// history and seqs have gaps: no #info OutdatedCursor, as nothing is ever purged.
import type { WebSocket } from "ws";
import type { AppContext } from "../context.ts";
import { serveEventLog } from "../firehose/serve-event-log.ts";

export function handleSubscribeLabels(ctx: AppContext, ws: WebSocket, params: URLSearchParams): void {
  serveEventLog(ctx, ws, params, ctx.labels, { name: "label stream", gapless: false });
}
