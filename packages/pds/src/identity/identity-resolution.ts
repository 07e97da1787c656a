// Identity resolution for the identity methods (resolveHandle, resolveDid, resolveIdentity,
// refreshIdentity) and handle verification: our own accounts' handles answer locally, other handles go
// to DNS/HTTP (handle-resolver.ts), DID documents to the PLC directory or did:web (did-resolver.ts),
// both through their caches unless `fresh`. Failures become the lexicons' XRPC errors.
import { PoorlyFormattedDidDocumentError } from "@atproto/identity";
import { isValidTld, normalizeHandle } from "@atproto/syntax";
import type { AppContext } from "../context.ts";
import { XrpcError } from "../xrpc/errors.ts";
import type { DidDocument } from "./did-resolver.ts";
import { InvalidDidWebError } from "./did-web.ts";
import { isServiceHandle } from "./handle.ts";

export const INVALID_HANDLE = "handle.invalid";

export interface IdentityInfo {
  did: string;
  handle: string;
  didDoc: DidDocument;
}

type Ctx = Pick<AppContext, "cfg" | "accounts" | "didResolver" | "handleResolver">;

// The DID a handle names, or undefined. A handle under our domains can only be one of our accounts and
// answers from the account DB; any other handle (also one of our accounts' own domains) only from its
// DNS record or well-known file, which is what proves it. A disallowed TLD (.local, ...) is never
// looked up.
export async function resolveHandleToDid(
  ctx: Ctx,
  rawHandle: string,
  opts: { fresh?: boolean } = {},
): Promise<string | undefined> {
  const handle = normalizeHandle(rawHandle);
  if (isServiceHandle(ctx.cfg.handleDomains, handle)) {
    const account = await ctx.accounts.byHandle(handle);
    // A deactivated account (e.g. one that migrated away) no longer answers for its handle here.
    return !account || account.deactivated_at || account.takedown_ref ? undefined : account.did;
  }
  if (!isValidTld(handle)) return undefined;
  return ctx.handleResolver.resolve(handle, opts);
}

export async function resolveDidDocument(
  ctx: Ctx,
  did: string,
  opts: { fresh?: boolean } = {},
): Promise<DidDocument> {
  const found = await ctx.didResolver.lookup(did, opts).catch((err: unknown) => {
    throw resolutionFailure(did, err);
  });
  switch (found.status) {
    case "found":
      return found.doc;
    case "deactivated":
      throw new XrpcError(400, "DidDeactivated", `DID has been deactivated: ${did}`);
    case "unsupported":
      throw new XrpcError(400, "DidNotFound", `Unsupported DID method: ${did}`);
    default:
      throw new XrpcError(400, "DidNotFound", `DID not found: ${did}`);
  }
}

// DID + document + handle, the handle checked both ways: the document claims it and it resolves to
// the DID; else `handle.invalid`. From a DID, the handle is the one the document claims; from a
// handle, the handle asked for (a document claiming another one does not make that one the answer).
export async function resolveIdentity(
  ctx: Ctx,
  identifier: string,
  opts: { fresh?: boolean } = {},
): Promise<IdentityInfo> {
  if (identifier.startsWith("did:")) {
    const didDoc = await resolveDidDocument(ctx, identifier, opts);
    const claimed = documentHandle(didDoc);
    const verified = claimed !== undefined && (await resolveHandleToDid(ctx, claimed, opts)) === identifier;
    return { did: identifier, handle: verified ? claimed : INVALID_HANDLE, didDoc };
  }
  const handle = normalizeHandle(identifier);
  const did = await resolveHandleToDid(ctx, handle, opts);
  if (!did) throw new XrpcError(400, "HandleNotFound", `Unable to resolve handle: ${identifier}`);
  const didDoc = await resolveDidDocument(ctx, did, opts);
  return { did, handle: documentHandle(didDoc) === handle ? handle : INVALID_HANDLE, didDoc };
}

// After we changed the DID's document or handle, or saw an #identity event for it.
export function invalidateIdentity(ctx: Pick<AppContext, "didResolver" | "handleResolver">, did: string) {
  ctx.didResolver.invalidate(did);
  ctx.handleResolver.invalidateDid(did);
}

// The handle a DID document claims: its first at:// alias, normalized.
export function documentHandle(doc: DidDocument): string | undefined {
  const aka = doc.alsoKnownAs?.find((a) => a.startsWith("at://"));
  return aka === undefined ? undefined : normalizeHandle(aka.slice("at://".length));
}

function resolutionFailure(did: string, err: unknown): XrpcError {
  if (err instanceof XrpcError) return err;
  if (err instanceof InvalidDidWebError) return new XrpcError(400, "InvalidRequest", err.message);
  if (err instanceof PoorlyFormattedDidDocumentError) {
    return new XrpcError(502, "UpstreamFailure", `DID document of ${did} is not a valid DID document`);
  }
  const name = (err as Error)?.name;
  const message = (err as Error)?.message ?? String(err);
  if (name === "TimeoutError" || name === "AbortError") {
    return new XrpcError(504, "UpstreamTimeout", `Timed out resolving ${did}`);
  }
  return new XrpcError(502, "UpstreamFailure", `Could not resolve ${did}: ${message}`);
}
