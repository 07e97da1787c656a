// The `/subscribe` WebSocket upgrade, on the node server's `upgrade` event (Hono serves the plain HTTP
// routes): a malformed query gets its 400 and a client over its connection cap a 429, both as XRPC
// JSON on the raw socket, before any upgrade; then the connection is served by serveSubscriber.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { clientKey } from "../http/client-address.ts";
import { refuseUpgrade, xrpcError } from "../http/responses.ts";
import type { EventLog } from "../store/event-log.ts";
import type { ConnectionLimiter } from "./connection-limiter.ts";
import { isRefusal, parseSubscribeRequest } from "./subscribe-request.ts";
import { type ServedSubscriber, type SubscriberLimits, serveSubscriber } from "./subscriber.ts";

export interface SubscribeCounters {
  subscribers: number;
  subscribersDropped: number;
  subscribersRefused: number;
  eventsSent: number;
  bytesSent: number;
}

export interface SubscribeUpgradeOptions {
  log: EventLog;
  limits: SubscriberLimits;
  limiter: ConnectionLimiter;
  counters: SubscribeCounters;
  onDropped: (reason: string) => void;
  // Each subscriber's lag after each read (events behind the log head), for the lag histogram.
  onProgress?: (behind: number) => void;
}

export function subscribeUpgrade(opts: SubscribeUpgradeOptions) {
  const { counters, limiter } = opts;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 10_000_000 });
  const served = new Set<ServedSubscriber>();
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/subscribe") {
      refuseUpgrade(socket, xrpcError(404, "NotFound", "Not Found"));
      return;
    }
    const parsed = parseSubscribeRequest(url.searchParams);
    if (isRefusal(parsed)) {
      refuseUpgrade(socket, parsed);
      return;
    }
    const key = clientKey(req.socket.remoteAddress);
    if (!limiter.tryAcquire(key)) {
      counters.subscribersRefused++;
      refuseUpgrade(socket, xrpcError(429, "RateLimitExceeded", "too many connections from this address"));
      return;
    }
    // The slot is the socket's: freed however it ends, a failed handshake included.
    socket.once("close", () => limiter.release(key));
    wss.handleUpgrade(req, socket, head, (ws) => {
      counters.subscribers++;
      const subscriber = serveSubscriber(ws, {
        log: opts.log,
        ...parsed,
        limits: opts.limits,
        onSent: (bytes) => {
          counters.eventsSent++;
          counters.bytesSent += bytes;
        },
        onDropped: (reason) => {
          counters.subscribersDropped++;
          opts.onDropped(reason);
        },
        onProgress: opts.onProgress,
      });
      served.add(subscriber);
      ws.once("close", () => {
        counters.subscribers--;
        served.delete(subscriber);
      });
    });
  };
  // The furthest any open subscriber is behind the log head, in events (0 with none).
  const maxBehind = () => {
    let max = 0;
    for (const subscriber of served) max = Math.max(max, subscriber.behind());
    return max;
  };
  const close = () => {
    for (const client of wss.clients) client.terminate();
    wss.close();
  };
  return { onUpgrade, close, maxBehind };
}
