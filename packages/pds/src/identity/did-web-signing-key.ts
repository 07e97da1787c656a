// The #atproto key of a did:web that is about to get an account here (createAccount with `did`), from
// its document fetched fresh, with errors that tell the user what is wrong with the document rather
// than a bare "could not resolve the signing key of the jwt issuer".
import { getSigningDidKey } from "@atproto/common";
import type { AppContext } from "../context.ts";
import { XrpcError } from "../xrpc/errors.ts";
import { didWebDocumentUrl, InvalidDidWebError } from "./did-web.ts";
import { resolveDidDocument } from "./identity-resolution.ts";

export async function didWebSigningKey(ctx: AppContext, did: string): Promise<string> {
  const doc = await resolveDidDocument(ctx, did, { fresh: true }).catch((err: unknown) => {
    if (err instanceof XrpcError && err.error === "DidNotFound") {
      throw new XrpcError(400, "DidNotFound", `No DID document for ${did}${documentLocation(did)}`);
    }
    throw err;
  });
  const key = getSigningDidKey(doc);
  if (!key) {
    throw new XrpcError(
      400,
      "IncompatibleDidDoc",
      `DID document of ${did} has no #atproto verification method to check the service JWT against`,
    );
  }
  return key;
}

// " at <url>", or nothing for an identifier that names no fetchable document (a did:web with a path).
function documentLocation(did: string): string {
  try {
    return ` at ${didWebDocumentUrl(did)}`;
  } catch (err) {
    if (err instanceof InvalidDidWebError) return "";
    throw err;
  }
}
