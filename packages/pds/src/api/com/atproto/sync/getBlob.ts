// A blob's bytes, streamed from the blob store, with single-range support for media players. The
// headers keep browsers from rendering a blob as a page (nosniff, attachment, a sandboxing CSP), as
// the official PDS does: a blob can be any bytes a user uploaded.
import { parseRange } from "../../../../blob/http-range.ts";
import { servableBlob } from "../../../../blob/servable-blob.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

// Bytes under a CID never change, but a blob can be deleted or taken down: caches may keep it an hour.
const CACHE_CONTROL = "public, max-age=3600";

export default method<{ did: string; cid: string }>({
  nsid: "com.atproto.sync.getBlob",
  type: "query",
  auth: "none",
  handler: async (ctx, { params, req }) => {
    // A temp upload is not served: only blobs some record references are public. Nor is a taken-down one.
    const { cid, row, size } = await servableBlob(ctx, params.did, params.cid);
    const range = parseRange(req.headers.get("range"), size);
    if (range.kind === "unsatisfiable") {
      throw new XrpcError(416, "RangeNotSatisfiable", `Requested range not satisfiable (size ${size})`, {
        "content-range": `bytes */${size}`,
      });
    }
    const headers: Record<string, string> = {
      "content-type": row.mime_type,
      "cache-control": CACHE_CONTROL,
      etag: `"${cid.toString()}"`,
      "accept-ranges": "bytes",
      "x-content-type-options": "nosniff",
      "content-disposition": `attachment; filename="${cid.toString()}"`,
      "content-security-policy": "default-src 'none'; sandbox",
    };
    const slice = range.kind === "partial" ? { start: range.start, end: range.end } : undefined;
    headers["content-length"] = String(slice ? slice.end - slice.start + 1 : size);
    if (slice) headers["content-range"] = `bytes ${slice.start}-${slice.end}/${size}`;
    const body = req.method === "HEAD" ? null : ctx.blobstore.stream(params.did, cid, slice);
    return { response: new Response(body, { status: slice ? 206 : 200, headers }) };
  },
});
