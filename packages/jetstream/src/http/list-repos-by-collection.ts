// GET /xrpc/com.atproto.sync.listReposByCollection: params as the lexicon (collection required, limit
// 1-2000 default 500, cursor), errors as XRPC JSON with the lexicon error name.
import { isValidNsid } from "@atproto/syntax";
import type { CollectionDirectory } from "../store/collection-directory.ts";
import { type JsonResponse, xrpcError } from "./responses.ts";

export function listReposByCollection(dir: CollectionDirectory, params: URLSearchParams): JsonResponse {
  const collection = params.get("collection");
  if (!collection || !isValidNsid(collection)) {
    return xrpcError(400, "InvalidRequest", "collection must be a valid NSID");
  }
  const rawLimit = params.get("limit");
  const limit = rawLimit === null ? 500 : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 2000) {
    return xrpcError(400, "InvalidRequest", "limit must be an integer from 1 to 2000");
  }
  return { status: 200, body: dir.list(collection, limit, params.get("cursor") ?? undefined) };
}
