// Pixel dimensions of an uploaded image, read from its header with sharp (no pixel is decoded), as the
// official PDS records blob.width/height. A blob whose header cannot be read is still accepted, as an
// opaque blob without dimensions: the official PDS accepts any bytes, and clients rely on that.
// Decoding limits apply when a thumbnail is made (thumbnails.ts), where a bad image gets its error.
import sharp from "sharp";
import { imageQueue } from "./sharp-setup.ts";
import type { BlobStore } from "./types.ts";

export interface ImageDimensions {
  width: number;
  height: number;
}

/** The image types whose dimensions are read and of which thumbnails are made. */
export const IMAGE_MIME_TYPES: ReadonlySet<string> = new Set([
  "image/jpeg",
  "image/png",
  "image/webp",
  "image/gif",
  "image/avif",
]);

// Headers sit at the start; a JPEG's size marker follows its metadata segments (EXIF, ICC, XMP), which
// rarely add up to more than a few hundred KiB. Reading no more bounds the memory a probe takes.
const PROBE_BYTES = 4 * 1024 * 1024;

export async function probeImageDimensions(head: Uint8Array): Promise<ImageDimensions | null> {
  try {
    // The header is all that is read, so the pixel limit does not apply here: a decompression bomb's
    // true (huge) dimensions are recorded, and its thumbnail is refused by them.
    const info = await sharp(head, { limitInputPixels: false, failOn: "none" }).metadata();
    if (!info.width || !info.height) return null;
    // EXIF orientations 5-8 turn the picture a quarter: what a viewer shows is height x width.
    const turned = (info.orientation ?? 1) >= 5;
    return turned ? { width: info.height, height: info.width } : { width: info.width, height: info.height };
  } catch {
    return null;
  }
}

/** Dimensions of an upload in the temp area, or null (not an image, unreadable, or queue full). */
export async function probeUploadedImage(
  blobstore: BlobStore,
  did: string,
  upload: { tempKey: string; mimeType: string },
): Promise<ImageDimensions | null> {
  if (!IMAGE_MIME_TYPES.has(upload.mimeType)) return null;
  try {
    return await imageQueue.run(async () => {
      const head = await blobstore.getTemp(did, upload.tempKey, PROBE_BYTES);
      return head ? probeImageDimensions(head) : null;
    });
  } catch {
    // A full queue costs the blob its dimensions, never the upload.
    return null;
  }
}
