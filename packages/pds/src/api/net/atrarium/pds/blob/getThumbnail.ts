// A WebP thumbnail of a public image blob (blob/thumbnails.ts). Content-addressed, so caches may keep it
// without revalidating; an hour at most, as getBlob, so a takedown or deletion reaches them soon.
import type { PdsBlobGetThumbnailParams } from "@atrarium/lexicon";
import { servableBlob } from "../../../../../blob/servable-blob.ts";
import { THUMBNAIL_TYPE, thumbnailName, thumbnailOf } from "../../../../../blob/thumbnails.ts";
import { method } from "../../../../../xrpc/method.ts";

const CACHE_CONTROL = "public, max-age=3600, immutable";

export default method<PdsBlobGetThumbnailParams>({
  nsid: "net.atrarium.pds.blob.getThumbnail",
  type: "query",
  auth: "none",
  handler: async (ctx, { params, req }) => {
    const size = params.size ?? "thumbnail";
    const blob = await servableBlob(ctx, params.did, params.cid);
    const etag = `"${blob.cid.toString()}-${thumbnailName(size)}"`;
    const headers: Record<string, string> = {
      "cache-control": CACHE_CONTROL,
      etag,
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
    };
    // Visibility is checked first: a revalidation never learns of a blob it may not see.
    if (matchesEtag(req.headers.get("if-none-match"), etag))
      return { response: new Response(null, { status: 304, headers }) };
    const bytes = await thumbnailOf(ctx.blobstore, params.did, blob, size);
    headers["content-type"] = THUMBNAIL_TYPE;
    headers["content-length"] = String(bytes.byteLength);
    const body = req.method === "HEAD" ? null : bytes;
    return { response: new Response(body, { status: 200, headers }) };
  },
});

function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((tag) => {
    const value = tag.trim();
    return value === "*" || value === etag || value === `W/${etag}`;
  });
}
