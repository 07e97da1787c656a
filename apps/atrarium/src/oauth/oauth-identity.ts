// Identity resolution for the OAuth client (@atproto/oauth-client), on the Worker's own DID resolver
// (its cache, its workerd-safe fetch) instead of the library's, which fetches with `redirect: "error"`
// and fails in workerd. A handle is resolved through com.atproto.identity.resolveHandle of the
// configured service (HANDLE_RESOLVER_URL; the devnet's PDS there); the handle reported back is the
// one the DID document claims, and only when it is the one asked for or the input was a DID.
import type { CreateIdentityResolverOptions } from "@atproto/oauth-client";
import { ensureValidDid, ensureValidHandle } from "@atproto/syntax";
import type { DidResolver } from "../identity/did-resolver.ts";
import { getUpstream } from "../shared/upstream.ts";
import { XrpcError } from "../shared/xrpc-error.ts";

const HANDLE_INVALID = "handle.invalid";

export type IdentityResolver = NonNullable<CreateIdentityResolverOptions["identityResolver"]>;

export function oauthIdentityResolver(resolver: DidResolver, handleResolverUrl: string): IdentityResolver {
  return {
    async resolve(identifier) {
      const input = identifier
        .trim()
        .replace(/^at:\/\//, "")
        .replace(/^@/, "")
        .toLowerCase();
      const asked = input.startsWith("did:") ? null : input;
      const did = asked === null ? validDid(input) : await resolveHandle(handleResolverUrl, asked);
      const identity = await resolver.resolve(did);
      const handle =
        identity.handle && (asked === null || identity.handle === asked) ? identity.handle : HANDLE_INVALID;
      // The library checks the document's shape and services itself.
      return { did, didDoc: identity.document, handle } as unknown as Awaited<
        ReturnType<IdentityResolver["resolve"]>
      >;
    },
  };
}

function validDid(input: string): string {
  try {
    ensureValidDid(input);
    return input;
  } catch {
    throw new XrpcError(400, "InvalidIdentifier", `${input} is not a DID`);
  }
}

async function resolveHandle(service: string, handle: string): Promise<string> {
  try {
    ensureValidHandle(handle);
  } catch {
    throw new XrpcError(400, "InvalidIdentifier", `${handle} is neither a handle nor a DID`);
  }
  const url = `${service}/xrpc/com.atproto.identity.resolveHandle?handle=${encodeURIComponent(handle)}`;
  const res = await getUpstream(url, { maxBytes: 16 * 1024 });
  const body =
    res.status === 200 ? (JSON.parse(new TextDecoder().decode(res.bytes)) as { did?: unknown }) : {};
  if (typeof body.did !== "string")
    throw new XrpcError(400, "HandleNotFound", `${handle} does not resolve to a DID (asked ${service})`);
  return validDid(body.did);
}
