// A blob's MIME type comes from its bytes, not from the uploader's word. When the bytes match no known
// signature, the declared Content-Type stands only for types that have none (text, JSON, ...): a blob
// declared as, say, image/png whose bytes are not a PNG is stored as application/octet-stream.
import { fileTypeFromBuffer, supportedMimeTypes } from "file-type";

export const OCTET_STREAM = "application/octet-stream";

export async function sniffMimeType(head: Uint8Array, declared: string | undefined): Promise<string> {
  const sniffed = await fileTypeFromBuffer(head);
  if (sniffed) return sniffed.mime;
  const claimed = declared?.split(";")[0].trim().toLowerCase();
  if (!claimed || !/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(claimed)) return OCTET_STREAM;
  return supportedMimeTypes.has(claimed as never) ? OCTET_STREAM : claimed;
}

/** Patterns are exact types, `type/*`, or `*\/*`. */
export function mimeTypeAllowed(mime: string, patterns: string[]): boolean {
  const [type] = mime.split("/");
  return patterns.some((p) => p === "*/*" || p === mime || p === `${type}/*`);
}
