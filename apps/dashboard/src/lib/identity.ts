// Finding a user's PDS from their handle without leaving the configured services: the handle goes to
// the configured resolver (com.atproto.identity.resolveHandle), the DID to the PLC directory (did:plc)
// or its own host (did:web), and the DID document names the PDS. Also turns DIDs back into handles.
import type { DashboardConfig } from "../config.ts";

export interface DidDocument {
  id: string;
  alsoKnownAs?: string[];
  service?: { id: string; type: string; serviceEndpoint: string }[];
}

export class IdentityError extends Error {
  readonly kind: "unknown-handle" | "unknown-did" | "no-pds" | "unreachable";

  constructor(kind: IdentityError["kind"], message: string) {
    super(message);
    this.kind = kind;
  }
}

const DID = /^did:[a-z]+:[a-zA-Z0-9._:%-]+$/;

export function normalizeHandle(input: string): string {
  return input.trim().replace(/^@/, "").toLowerCase();
}

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: "application/json" } });
  } catch (err) {
    throw new IdentityError("unreachable", `${url}: ${(err as Error).message}`);
  }
  const body = await res.json().catch(() => null);
  return { status: res.status, body };
}

export async function resolveHandle(cfg: DashboardConfig, handle: string): Promise<string> {
  if (DID.test(handle)) return handle;
  const url = new URL("/xrpc/com.atproto.identity.resolveHandle", cfg.handleResolverUrl);
  url.searchParams.set("handle", handle);
  const { status, body } = await getJson(url.toString());
  const did = (body as { did?: unknown } | null)?.did;
  if (status === 200 && typeof did === "string" && DID.test(did)) return did;
  if (status >= 500) throw new IdentityError("unreachable", `resolveHandle answered ${status}`);
  throw new IdentityError("unknown-handle", `no account ${handle}`);
}

export function didDocumentUrl(cfg: DashboardConfig, did: string): string {
  if (did.startsWith("did:plc:")) return `${cfg.plcUrl}/${did}`;
  if (did.startsWith("did:web:")) {
    const host = decodeURIComponent(did.slice("did:web:".length).split(":")[0]);
    const scheme = /^(localhost|127\.0\.0\.1)(:|$)/.test(host) ? "http" : "https";
    return `${scheme}://${host}/.well-known/did.json`;
  }
  throw new IdentityError("unknown-did", `unsupported DID method: ${did}`);
}

export async function resolveDid(cfg: DashboardConfig, did: string): Promise<DidDocument> {
  const { status, body } = await getJson(didDocumentUrl(cfg, did));
  if (status === 200 && body && typeof body === "object" && (body as DidDocument).id === did)
    return body as DidDocument;
  if (status >= 500) throw new IdentityError("unreachable", `DID document answered ${status}`);
  throw new IdentityError("unknown-did", `no DID document for ${did}`);
}

export function pdsEndpoint(doc: DidDocument): string {
  const pds = doc.service?.find((s) => s.id === "#atproto_pds" || s.id === `${doc.id}#atproto_pds`);
  if (!pds || typeof pds.serviceEndpoint !== "string")
    throw new IdentityError("no-pds", `${doc.id} names no PDS`);
  return pds.serviceEndpoint.replace(/\/+$/, "");
}

export function handleOf(doc: DidDocument): string | null {
  const aka = doc.alsoKnownAs?.find((a) => a.startsWith("at://"));
  return aka ? aka.slice("at://".length) : null;
}

export async function findPds(
  cfg: DashboardConfig,
  handleOrDid: string,
): Promise<{ did: string; pds: string }> {
  const did = await resolveHandle(cfg, normalizeHandle(handleOrDid));
  return { did, pds: pdsEndpoint(await resolveDid(cfg, did)) };
}
