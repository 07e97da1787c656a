// XRPC error bodies ({error, message}) with their status, for Hono handlers and for the raw socket of
// a WebSocket upgrade we refuse (a malformed /subscribe query gets its 4xx before any upgrade).
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";

export interface JsonResponse {
  status: number;
  body: unknown;
}

export const xrpcError = (status: number, error: string, message: string): JsonResponse => ({
  status,
  body: { error, message },
});

export function refuseUpgrade(socket: Duplex, { status, body }: JsonResponse): void {
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}\r\n` +
      "content-type: application/json; charset=utf-8\r\n" +
      `content-length: ${Buffer.byteLength(text)}\r\n` +
      "access-control-allow-origin: *\r\n" +
      "connection: close\r\n\r\n" +
      text,
  );
}
