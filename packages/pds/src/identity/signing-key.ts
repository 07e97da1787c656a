// The atproto signing key (#atproto verification method) of a DID, fetched fresh from our PLC
// directory: it authorises an account's move here (service JWT, imported repo), so no cached copy.
// Only did:plc is resolved; the PDS reaches no other network for it.
import { getSigningDidKey } from "@atproto/common";
import type { AppContext } from "../context.ts";

export async function resolveSigningKey(ctx: AppContext, did: string): Promise<string | null> {
  if (!did.startsWith("did:plc:")) return null;
  const doc = await ctx.plc.getDocument(did).catch(() => null);
  return doc ? (getSigningDidKey(doc as never) ?? null) : null;
}
