// What a rich post needs from the network besides the Worker's feed page: the author's DID document
// (handle, PDS), their app.bsky.actor.profile (display name, avatar), a quoted post's record, and an
// image's size from Aurora Locus's blob metadata. All cached per session by React Query; every read
// can fail (another PDS, offline, no profile) and the post then degrades to what it has.
import { useQuery } from "@tanstack/react-query";
import type { DashboardConfig } from "../config.ts";
import { useConfig } from "./config-context.tsx";
import { type DidDocument, handleOf, pdsEndpoint, resolveDid } from "./identity.ts";

const HOUR_MS = 60 * 60 * 1000;

export interface BlobRef {
  cid: string;
  mimeType?: string;
}

export interface AuthorView {
  did: string;
  handle: string | null;
  pds: string | null;
  displayName?: string;
  avatar?: BlobRef;
}

// A blob reference as JSON records carry it ({$type: "blob", ref: {$link}}), or the legacy {cid}.
export function blobRefOf(value: unknown): BlobRef | null {
  if (!value || typeof value !== "object") return null;
  const v = value as { ref?: { $link?: unknown }; cid?: unknown; mimeType?: unknown };
  const cid = typeof v.ref?.$link === "string" ? v.ref.$link : typeof v.cid === "string" ? v.cid : null;
  if (!cid) return null;
  return { cid, ...(typeof v.mimeType === "string" ? { mimeType: v.mimeType } : {}) };
}

// Records can carry any URI; only http(s) ones become links.
export function safeHttpUrl(uri: string | undefined): string | null {
  if (!uri) return null;
  try {
    const url = new URL(uri);
    return url.protocol === "https:" || url.protocol === "http:" ? url.toString() : null;
  } catch {
    return null;
  }
}

export function blobUrl(pds: string, did: string, cid: string): string {
  return `${pds}/xrpc/com.atproto.sync.getBlob?${new URLSearchParams({ did, cid })}`;
}

// Aurora Locus's resized, metadata-free copy; other PDSes answer 404 and the caller falls back.
export function thumbnailUrl(pds: string, did: string, cid: string, size: "thumbnail" | "fullsize"): string {
  return `${pds}/xrpc/net.atrarium.pds.blob.getThumbnail?${new URLSearchParams({ did, cid, size })}`;
}

export function useDidDocument(did: string) {
  const cfg = useConfig();
  return useQuery({
    queryKey: ["did-doc", did],
    queryFn: () => resolveDid(cfg, did),
    staleTime: HOUR_MS,
    retry: false,
  });
}

const pdsOf = (doc: DidDocument): string | null => {
  try {
    return pdsEndpoint(doc);
  } catch {
    return null;
  }
};

async function getRecordValue(pds: string, uri: AtUriParts): Promise<Record<string, unknown> | null> {
  const params = new URLSearchParams({ repo: uri.did, collection: uri.collection, rkey: uri.rkey });
  const res = await fetch(`${pds}/xrpc/com.atproto.repo.getRecord?${params}`);
  if (!res.ok) return null;
  const body = (await res.json().catch(() => null)) as { value?: unknown } | null;
  return body?.value && typeof body.value === "object" ? (body.value as Record<string, unknown>) : null;
}

// The profile through listRecords, not getRecord: most accounts never write one, and a missing record
// would be an HTTP error the browser logs for every such author.
async function getProfileRecord(pds: string, did: string): Promise<Record<string, unknown> | null> {
  const params = new URLSearchParams({ repo: did, collection: "app.bsky.actor.profile", limit: "1" });
  const res = await fetch(`${pds}/xrpc/com.atproto.repo.listRecords?${params}`);
  if (!res.ok) return null;
  const body = (await res.json().catch(() => null)) as {
    records?: { uri?: unknown; value?: unknown }[];
  } | null;
  const self = body?.records?.find(
    (r) => typeof r.uri === "string" && r.uri.endsWith("/app.bsky.actor.profile/self"),
  );
  return self?.value && typeof self.value === "object" ? (self.value as Record<string, unknown>) : null;
}

async function loadAuthor(cfg: DashboardConfig, did: string): Promise<AuthorView> {
  const doc = await resolveDid(cfg, did);
  const pds = pdsOf(doc);
  const author: AuthorView = { did, handle: handleOf(doc), pds };
  if (!pds) return author;
  const profile = await getProfileRecord(pds, did).catch(() => null);
  if (typeof profile?.displayName === "string" && profile.displayName.trim() !== "")
    author.displayName = profile.displayName;
  const avatar = blobRefOf(profile?.avatar);
  if (avatar) author.avatar = avatar;
  return author;
}

export function useAuthor(did: string) {
  const cfg = useConfig();
  return useQuery({
    queryKey: ["author", did],
    queryFn: () => loadAuthor(cfg, did),
    staleTime: HOUR_MS,
    retry: false,
  });
}

export interface AtUriParts {
  did: string;
  collection: string;
  rkey: string;
}

export function parseAtUri(uri: string): AtUriParts | null {
  const m = /^at:\/\/(did:[a-z]+:[a-zA-Z0-9._:%-]+)\/([a-zA-Z0-9.-]+)\/([a-zA-Z0-9._~:-]+)$/.exec(uri);
  return m ? { did: m[1], collection: m[2], rkey: m[3] } : null;
}

// The post's page in the Bluesky app (any AppView that indexes the network shows it there).
export function blueskyPostUrl(uri: string): string | null {
  const parts = parseAtUri(uri);
  return parts?.collection === "app.bsky.feed.post"
    ? `https://bsky.app/profile/${parts.did}/post/${parts.rkey}`
    : null;
}

// A quoted post's record, read from its author's PDS.
export function useQuotedRecord(uri: string) {
  const cfg = useConfig();
  return useQuery({
    queryKey: ["record", uri],
    queryFn: async () => {
      const parts = parseAtUri(uri);
      if (!parts) return null;
      const pds = pdsOf(await resolveDid(cfg, parts.did));
      return pds ? getRecordValue(pds, parts) : null;
    },
    staleTime: HOUR_MS,
    retry: false,
  });
}

export interface ImageSize {
  width: number;
  height: number;
}

// An image blob's pixel size from net.atrarium.pds.blob.getMetadata, when the record gave no
// aspectRatio (so the layout does not jump when it loads). Null on PDSes without that method.
export function useImageSize(pds: string | null, did: string, cid: string, enabled: boolean) {
  return useQuery({
    queryKey: ["blob-size", did, cid],
    queryFn: async (): Promise<ImageSize | null> => {
      const params = new URLSearchParams({ did, cid });
      const res = await fetch(`${pds}/xrpc/net.atrarium.pds.blob.getMetadata?${params}`);
      if (!res.ok) return null;
      const body = (await res.json().catch(() => null)) as Partial<ImageSize> | null;
      return typeof body?.width === "number" && typeof body.height === "number"
        ? { width: body.width, height: body.height }
        : null;
    },
    enabled: enabled && pds !== null,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}
