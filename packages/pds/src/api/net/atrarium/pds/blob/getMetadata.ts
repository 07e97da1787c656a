// What the PDS knows of a public blob: its sniffed type, size and, for an image, the pixel dimensions
// read at upload, which a client needs to lay out an image (an aspect ratio) before loading it.
import type { PdsBlobGetMetadataOutput, PdsBlobGetMetadataParams } from "@atrarium/lexicon";
import { IMAGE_MIME_TYPES } from "../../../../../blob/image-probe.ts";
import { servableBlob } from "../../../../../blob/servable-blob.ts";
import { MAX_INPUT_PIXELS } from "../../../../../blob/thumbnails.ts";
import { method } from "../../../../../xrpc/method.ts";

export default method<PdsBlobGetMetadataParams>({
  nsid: "net.atrarium.pds.blob.getMetadata",
  type: "query",
  auth: "none",
  handler: async (ctx, { params }) => {
    const { cid, row, size } = await servableBlob(ctx, params.did, params.cid);
    const { width, height } = row;
    const withinLimit = width === null || height === null || width * height <= MAX_INPUT_PIXELS;
    const out: PdsBlobGetMetadataOutput = {
      cid: cid.toString(),
      mimeType: row.mime_type,
      size,
      ...(width !== null && height !== null ? { width, height } : {}),
      thumbnails: IMAGE_MIME_TYPES.has(row.mime_type) && withinLimit,
    };
    return { json: out, headers: { "cache-control": "public, max-age=3600" } };
  },
});
