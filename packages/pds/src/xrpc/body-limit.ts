// Request bodies are counted while they stream in and refused once past a limit, so no caller (least
// of all an unauthenticated one) can make the server hold more than the limit in memory. A declared
// Content-Length over the limit is refused before a byte is read.
//
// After the 413 is sent, the rest of a refused body is read and thrown away in the background (a
// lingering close): a connection closed with unread data is reset, and a client still writing its
// body would then see the reset rather than the 413. Past DISCARD_BYTES the body is cancelled, which
// closes the connection; @hono/node-server also closes it if the body has not ended 500 ms after the
// answer was written.
import { XrpcError } from "./errors.ts";

const DISCARD_BYTES = 64 * 1024 * 1024;

// The official PDS's answer (from @atproto/xrpc-server's body limit) to an over-limit body.
export const payloadTooLarge = () => new XrpcError(413, "PayloadTooLarge", "request entity too large");

function declaredLength(req: Request): number | null {
  const header = req.headers.get("content-length");
  if (header === null) return null;
  const declared = Number(header);
  if (header.trim() === "" || !Number.isSafeInteger(declared) || declared < 0) {
    throw new XrpcError(400, "InvalidRequest", "invalid content-length");
  }
  return declared;
}

function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): void {
  void (async () => {
    let discarded = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return reader.releaseLock();
      discarded += value.byteLength;
      if (discarded > DISCARD_BYTES) return reader.cancel();
    }
  })().catch(() => {
    // The client went away: nothing left to discard.
  });
}

/** The body's chunks, failing with 413 as soon as more than `limit` bytes are declared or arrived. */
export async function* limitedBody(req: Request, limit: number): AsyncGenerator<Uint8Array> {
  const declared = declaredLength(req);
  if (!req.body) return;
  const reader = req.body.getReader();
  let discarding = false;
  try {
    if (declared !== null && declared > limit) {
      discarding = true;
      throw payloadTooLarge();
    }
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read().catch(() => {
        throw new XrpcError(400, "InvalidRequest", "request body could not be read (connection closed?)");
      });
      if (done) return;
      size += value.byteLength;
      if (size > limit) {
        discarding = true;
        throw payloadTooLarge();
      }
      yield value;
    }
  } finally {
    if (discarding) discardRest(reader);
    else reader.releaseLock();
  }
}

/** A whole body as bytes, refused past `limit`: for bodies parsed in memory (JSON, a CAR). */
export async function readLimitedBody(req: Request, limit: number): Promise<Uint8Array> {
  const declared = declaredLength(req);
  if (declared !== null && declared <= limit) {
    // Node's HTTP parser never delivers more than a declared Content-Length, so this body is within the
    // limit: read it whole. Reading it through the web stream instead left tens of MiB of transient
    // buffers per second of large writes for the collector (the firehose backpressure test's RSS).
    try {
      return new Uint8Array(await req.arrayBuffer());
    } catch {
      throw new XrpcError(400, "InvalidRequest", "request body could not be read (connection closed?)");
    }
  }
  const chunks: Uint8Array[] = [];
  for await (const chunk of limitedBody(req, limit)) chunks.push(chunk);
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}
