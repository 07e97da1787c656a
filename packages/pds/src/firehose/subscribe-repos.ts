// com.atproto.sync.subscribeRepos: the sequencer's log as an event stream (serve-event-log.ts). The
// log is gapless, so a jump in seq tells a subscriber that retention purged events it had not read.
// Each open subscriber's position feeds the operator's metrics (how far behind the head it is).
import type { WebSocket } from "ws";
import type { AppContext } from "../context.ts";
import { serveEventLog } from "./serve-event-log.ts";

export function handleSubscribeRepos(ctx: AppContext, ws: WebSocket, params: URLSearchParams): void {
  const { subscribers } = ctx.observability;
  serveEventLog(ctx, ws, params, ctx.sequencer, {
    name: "firehose",
    gapless: true,
    position: { track: () => subscribers.add(), release: (position) => subscribers.remove(position) },
  });
}
