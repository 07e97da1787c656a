// Node's HTTP parser refuses some requests before any handler sees them (headers or URL past the
// header size limit: 431; a malformed request: 400; a request that arrives too slowly: 408) and by
// default answers with an empty body. Every other refusal of our services is a JSON
// `{error, message}`; these get the same shape, so a client never has to tell the two apart.
import type { Server } from "node:http";
import type { Duplex } from "node:stream";

const refusals: Record<string, [number, string, string, string]> = {
  HPE_HEADER_OVERFLOW: [
    431,
    "Request Header Fields Too Large",
    "RequestHeaderFieldsTooLarge",
    "URL or headers too large",
  ],
  ERR_HTTP_REQUEST_TIMEOUT: [408, "Request Timeout", "RequestTimeout", "request not received in time"],
};
const malformed: [number, string, string, string] = [
  400,
  "Bad Request",
  "InvalidRequest",
  "malformed HTTP request",
];

export function answerClientErrorsAsJson(server: Server): void {
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    // The peer is gone (or the answer already started): nothing to say to it.
    if (err.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, reason, error, message] = refusals[err.code ?? ""] ?? malformed;
    const body = JSON.stringify({ error, message });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
