// Streams an upload into the blob store's temp area while hashing it, counting it against the limit and
// keeping its first bytes for MIME sniffing, so a large upload is never held in memory whole.
import { createHash } from "node:crypto";
import { type Cid, cidForRawHash } from "@atproto/lex-data";
import { XrpcError } from "../xrpc/errors.ts";
import type { BlobStore } from "./blobstore.ts";
import { sniffMimeType } from "./mime.ts";

// Enough for every signature file-type knows bar a few container formats it reads deeper into.
const SNIFF_BYTES = 64 * 1024;
// How much of an over-limit body is read and thrown away so that its sender, still writing, gets the
// 413 rather than a broken pipe. Past this the 413 closes the connection instead.
const DISCARD_BYTES = 64 * 1024 * 1024;

export interface ReceivedBlob {
  tempKey: string;
  cid: Cid;
  size: number;
  mimeType: string;
}

// The official PDS's answer (from @atproto/xrpc-server's body limit) to an over-limit body.
const payloadTooLarge = (closeConnection: boolean) =>
  new XrpcError(
    413,
    "PayloadTooLarge",
    "request entity too large",
    closeConnection ? { connection: "close" } : undefined,
  );

async function discard(reader: ReadableStreamDefaultReader<Uint8Array>, budget: number): Promise<boolean> {
  for (let read = 0; read <= budget; ) {
    const { done, value } = await reader.read();
    if (done) return true;
    read += value.byteLength;
  }
  return false;
}

/** The body's chunks, failing with 413 once more than `limit` bytes arrived. */
export async function* limitedBody(req: Request, limit: number): AsyncGenerator<Uint8Array> {
  const header = req.headers.get("content-length");
  const declared = header === null ? null : Number(header);
  if (declared !== null && (!Number.isSafeInteger(declared) || declared < 0))
    throw new XrpcError(400, "InvalidRequest", "invalid content-length");
  if (declared !== null && declared > limit + DISCARD_BYTES) throw payloadTooLarge(true);
  if (!req.body) return;
  // Never cancelled: cancelling the body resets the connection before the client can read the answer.
  const reader = req.body.getReader();
  try {
    if (declared !== null && declared > limit) throw payloadTooLarge(!(await discard(reader, DISCARD_BYTES)));
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.byteLength;
      if (size > limit) throw payloadTooLarge(!(await discard(reader, DISCARD_BYTES)));
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

export async function receiveUpload(
  blobstore: BlobStore,
  did: string,
  req: Request,
  limit: number,
): Promise<ReceivedBlob> {
  const hash = createHash("sha256");
  const head: Uint8Array[] = [];
  let headSize = 0;
  let size = 0;
  async function* observed(): AsyncGenerator<Uint8Array> {
    for await (const chunk of limitedBody(req, limit)) {
      size += chunk.byteLength;
      hash.update(chunk);
      if (headSize < SNIFF_BYTES) {
        const part = chunk.subarray(0, SNIFF_BYTES - headSize);
        head.push(part);
        headSize += part.byteLength;
      }
      yield chunk;
    }
  }
  const tempKey = await blobstore.putTemp(did, observed());
  const mimeType = await sniffMimeType(Buffer.concat(head), req.headers.get("content-type") ?? undefined);
  return { tempKey, cid: cidForRawHash(hash.digest()), size, mimeType };
}

/** A whole request body as bytes, refused past `limit` (for CAR imports, which are parsed in memory). */
export async function readBodyLimited(req: Request, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of limitedBody(req, limit)) chunks.push(chunk);
  return Buffer.concat(chunks);
}
