// The atproto signing key (#atproto verification method) of a DID, looked up fresh: it authorises an
// account's move or creation here (service JWT, imported repo), so no cached copy. did:plc comes from
// our PLC directory; did:web from its host's /.well-known/did.json (did-resolver.ts, SSRF-guarded).
// Other methods have no key here.
import { getSigningDidKey } from "@atproto/common";
import type { AppContext } from "../context.ts";

export async function resolveSigningKey(ctx: AppContext, did: string): Promise<string | null> {
  if (did.startsWith("did:plc:")) {
    const doc = await ctx.plc.getDocument(did).catch(() => null);
    return doc ? (getSigningDidKey(doc as never) ?? null) : null;
  }
  if (!did.startsWith("did:web:")) return null;
  const found = await ctx.didResolver.lookup(did, { fresh: true }).catch(() => null);
  return found?.status === "found" ? (getSigningDidKey(found.doc) ?? null) : null;
}
