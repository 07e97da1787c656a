// Streams an upload into the blob store's temp area while hashing it, counting it against the limit and
// keeping its first bytes for MIME sniffing, so a large upload is never held in memory whole.
import { createHash } from "node:crypto";
import { type Cid, cidForRawHash } from "@atproto/lex-data";
import { limitedBody } from "../xrpc/body-limit.ts";
import type { ImageDimensions } from "./image-probe.ts";
import { sniffMimeType } from "./mime.ts";
import type { BlobStore } from "./types.ts";

// Enough for every signature file-type knows bar a few container formats it reads deeper into.
const SNIFF_BYTES = 64 * 1024;

export interface ReceivedBlob {
  tempKey: string;
  cid: Cid;
  size: number;
  mimeType: string;
  // An image's pixel dimensions (image-probe.ts), read after the upload landed; absent otherwise.
  dimensions?: ImageDimensions | null;
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
