// A labeler as its DID document announces it: the #atproto_labeler service (where subscribeLabels is)
// and the #atproto_label key (what its labels are signed with). Ids may be relative or absolute, as
// for #atproto (identity/did-resolver.ts).
import { parseDidKey } from "@atproto/crypto";

export interface Labeler {
  did: string;
  // Base URL of the AtprotoLabeler service.
  endpoint: string;
  // did:key form of the #atproto_label verification method.
  signingKey: string;
}

interface Document {
  verificationMethod?: { id?: unknown; type?: unknown; publicKeyMultibase?: unknown }[];
  service?: { id?: unknown; type?: unknown; serviceEndpoint?: unknown }[];
}

export class NotALabelerError extends Error {}

export function labelerFromDocument(did: string, raw: Record<string, unknown>): Labeler {
  const doc = raw as Document;
  const isId = (id: unknown, name: string) => id === `#${name}` || id === `${did}#${name}`;
  const method = (Array.isArray(doc.verificationMethod) ? doc.verificationMethod : []).find((m) =>
    isId(m?.id, "atproto_label"),
  );
  if (method?.type !== "Multikey" || typeof method.publicKeyMultibase !== "string")
    throw new NotALabelerError(`${did} has no #atproto_label Multikey`);
  const signingKey = `did:key:${method.publicKeyMultibase}`;
  try {
    parseDidKey(signingKey);
  } catch {
    throw new NotALabelerError(`${did} has an unsupported #atproto_label key`);
  }
  const service = (Array.isArray(doc.service) ? doc.service : []).find(
    (s) => isId(s?.id, "atproto_labeler") && s?.type === "AtprotoLabeler",
  );
  const endpoint = typeof service?.serviceEndpoint === "string" ? service.serviceEndpoint : "";
  if (!/^https?:\/\//.test(endpoint)) throw new NotALabelerError(`${did} has no #atproto_labeler service`);
  return { did, endpoint: endpoint.replace(/\/+$/, ""), signingKey };
}

/** The subscribeLabels WebSocket URL of a labeler, from `cursor` (the last seq applied) on. */
export function subscribeLabelsUrl(endpoint: string, cursor: number | null): string {
  const url = new URL("/xrpc/com.atproto.label.subscribeLabels", endpoint.replace(/^http/, "ws"));
  if (cursor !== null) url.searchParams.set("cursor", String(cursor));
  return url.toString();
}
