// Which blobs are public, for getBlob and the image methods alike: a blob some record references (a
// temp upload is not served), not taken down, of an account whose repo is servable, with its bytes
// still in the blob store. Anything else is one error, BlobNotFound, so a caller cannot tell a
// taken-down blob from one that never existed.
import { type Cid, parseCidSafe } from "@atproto/lex-data";
import { servableRepo } from "../account/resolve-repo.ts";
import type { BlobRow } from "../actor-store/types.ts";
import type { AppContext } from "../context.ts";
import { XrpcError } from "../xrpc/errors.ts";

export interface ServableBlob {
  cid: Cid;
  row: BlobRow;
  size: number;
}

export async function servableBlob(ctx: AppContext, did: string, cidParam: string): Promise<ServableBlob> {
  await servableRepo(ctx, did);
  const cid = parseCidSafe(cidParam);
  if (!cid) throw new XrpcError(400, "InvalidRequest", `Invalid cid: ${cidParam}`);
  const row = await ctx.actors.get(did).blobs.get(cid.toString());
  const size = row && !row.temp_key && !row.takedown_ref ? await ctx.blobstore.size(did, cid) : null;
  if (!row || size === null) throw new XrpcError(400, "BlobNotFound", "Blob not found");
  return { cid, row, size };
}
