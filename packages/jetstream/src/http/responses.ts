// JSON responses for the plain node:http server, on a normal request or written onto the raw socket
// of a WebSocket upgrade we refuse (a malformed /subscribe query gets its 4xx before any upgrade).
import type { ServerResponse } from "node:http";
import type { Duplex } from "node:stream";

export interface JsonResponse {
  status: number;
  body: unknown;
}

export const xrpcError = (status: number, error: string, message: string): JsonResponse => ({
  status,
  body: { error, message },
});

export function sendJson(res: ServerResponse, { status, body }: JsonResponse): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "access-control-allow-origin": "*",
  });
  res.end(text);
}

export function refuseUpgrade(socket: Duplex, { status, body }: JsonResponse): void {
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${status === 404 ? "Not Found" : "Bad Request"}\r\n` +
      "content-type: application/json; charset=utf-8\r\n" +
      `content-length: ${Buffer.byteLength(text)}\r\n` +
      "connection: close\r\n\r\n" +
      text,
  );
}
