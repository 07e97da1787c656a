// Checks on AT Protocol identifiers that the lexicon `format`s cannot narrow (which collection a URI names).
import { isValidDid, isValidTid, parseAtUriString } from "@atproto/syntax";

export const POST_NSID = "app.bsky.feed.post";

/**
 * Returns why `uri` is not a reference to a single record in `collection`, or undefined if it is.
 * We require a DID authority because handles can change and would silently re-point the reference.
 */
export function recordUriProblem(uri: string, collection: string, tidKey: boolean): string | undefined {
  const parsed = parseAtUriString(uri, { strict: true, detailed: true });
  if (!parsed.success) return `must be a valid at-uri (${parsed.message})`;
  const { authority, collection: actual, rkey, hash, query } = parsed.value;
  if (!isValidDid(authority)) return "must use a DID (not a handle) as the at-uri authority";
  if (actual !== collection) return `must point to a ${collection} record`;
  if (!rkey) return `must include the record key of the ${collection} record`;
  if (tidKey && !isValidTid(rkey)) return "must have a TID record key";
  if (hash !== undefined || query !== undefined) return "must not have a query or fragment";
  return undefined;
}

export function didProblem(did: string): string | undefined {
  return isValidDid(did) ? undefined : "must be a valid DID";
}
