// Thumbnails of image blobs, made on first request and kept in the blob store next to the blob (so
// they go when it goes). WebP at fixed sizes, EXIF orientation applied and every metadata block (EXIF
// with its GPS position, XMP, ICC comments) dropped: sharp writes none unless asked to.
//
// Hostile images: the dimensions recorded at upload refuse a decompression bomb before any decoding;
// sharp's own pixel limit, strict decoding (a truncated or corrupt file is an error, not a grey
// picture), strip-wise reading and a time limit cover the rest; every decode goes through the bounded
// image queue. A failure is remembered for a while, so asking again does not decode again.
import type { Cid } from "@atproto/lex-data";
import sharp from "sharp";
import { XrpcError } from "../xrpc/errors.ts";
import { IMAGE_MIME_TYPES } from "./image-probe.ts";
import { ImageQueueFullError } from "./image-work-queue.ts";
import type { ServableBlob } from "./servable-blob.ts";
import { imageQueue } from "./sharp-setup.ts";
import type { BlobStore } from "./types.ts";

/** Longest edge in pixels of each size; an image smaller than that is not enlarged. */
export const THUMBNAIL_SIZES = { thumbnail: 256, fullsize: 1000 } as const;
export type ThumbnailSize = keyof typeof THUMBNAIL_SIZES;

/** Images with more pixels than this get no thumbnail (50 Mpx: a large camera photo fits). */
export const MAX_INPUT_PIXELS = 50_000_000;
const RENDER_SECONDS = 10;
// Part of the stored name: a change to how thumbnails are made bumps it, so old ones are not served.
const RENDER_VERSION = 1;
export const THUMBNAIL_TYPE = "image/webp";

const FAILURES_KEPT = 1000;
const FAILURE_TTL_MS = 10 * 60_000;

const inFlight = new Map<string, Promise<Uint8Array>>();
const failures = new Map<string, { error: XrpcError; until: number }>();

export function thumbnailName(size: ThumbnailSize): string {
  return `${size}-v${RENDER_VERSION}.webp`;
}

/** The thumbnail's bytes, from the store or made now; XrpcError 400/503 when there can be none. */
export async function thumbnailOf(
  blobstore: BlobStore,
  did: string,
  blob: ServableBlob,
  size: ThumbnailSize,
): Promise<Uint8Array> {
  const { row, cid } = blob;
  if (!IMAGE_MIME_TYPES.has(row.mime_type)) {
    throw new XrpcError(
      400,
      "NotAnImage",
      `Blob is ${row.mime_type}; thumbnails are made of ${[...IMAGE_MIME_TYPES].join(", ")} only`,
    );
  }
  const name = thumbnailName(size);
  const stored = await blobstore.getDerived(did, cid, name);
  if (stored) return stored;
  if (row.width !== null && row.height !== null && row.width * row.height > MAX_INPUT_PIXELS)
    throw tooLarge(`The image is ${row.width}x${row.height} pixels`);
  const key = `${did}/${cid.toString()}/${name}`;
  const failed = failures.get(key);
  if (failed && failed.until > Date.now()) throw failed.error;
  const pending = inFlight.get(key) ?? makeThumbnail(blobstore, did, cid, size, key);
  inFlight.set(key, pending);
  return pending;
}

async function makeThumbnail(
  blobstore: BlobStore,
  did: string,
  cid: Cid,
  size: ThumbnailSize,
  key: string,
): Promise<Uint8Array> {
  try {
    const bytes = await imageQueue.run(async () => {
      const original = await blobstore.get(did, cid);
      if (!original) throw new XrpcError(400, "BlobNotFound", "Blob not found");
      return render(original, THUMBNAIL_SIZES[size]);
    });
    await blobstore.putDerived(did, cid, thumbnailName(size), bytes);
    // The blob deleted while its thumbnail was being made would leave the thumbnail behind for good.
    if (!(await blobstore.has(did, cid))) await blobstore.deleteDerived(did, cid);
    return bytes;
  } catch (err) {
    if (err instanceof ImageQueueFullError)
      throw new XrpcError(503, "ServerBusy", err.message, { "retry-after": "1" });
    if (err instanceof XrpcError && err.error !== "BlobNotFound") rememberFailure(key, err);
    throw err;
  } finally {
    inFlight.delete(key);
  }
}

async function render(original: Uint8Array, edge: number): Promise<Uint8Array> {
  try {
    return await sharp(original, {
      limitInputPixels: MAX_INPUT_PIXELS,
      sequentialRead: true,
      failOn: "error",
    })
      .rotate()
      .resize({ width: edge, height: edge, fit: "inside", withoutEnlargement: true })
      .webp({ quality: 80 })
      .timeout({ seconds: RENDER_SECONDS })
      .toBuffer();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/pixel limit/i.test(message)) throw tooLarge("The image");
    throw new XrpcError(400, "InvalidImage", `The image could not be decoded: ${message}`);
  }
}

function tooLarge(what: string): XrpcError {
  return new XrpcError(
    400,
    "ImageTooLarge",
    `${what} has more than ${MAX_INPUT_PIXELS / 1_000_000} megapixels, the most this server makes thumbnails of`,
  );
}

function rememberFailure(key: string, error: XrpcError): void {
  failures.delete(key);
  failures.set(key, { error, until: Date.now() + FAILURE_TTL_MS });
  // Oldest first: a Map iterates in insertion order.
  for (const old of failures.keys()) {
    if (failures.size <= FAILURES_KEPT) break;
    failures.delete(old);
  }
}
