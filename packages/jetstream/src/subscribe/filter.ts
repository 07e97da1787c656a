// The v1 subscriber filter, from the query string or an options_update message, with upstream's rules:
// wantedCollections (NSIDs or `prefix.*`, at most 100) applies to commits only, so #identity and
// #account always pass it; wantedDids (at most 10,000) applies to every kind; maxMessageSizeBytes
// drops larger events, and like upstream v1 coerces malformed or negative values to 0 (no limit).
import { isValidDid, isValidNsid } from "@atproto/syntax";
import type { LogRow } from "../store/event-log.ts";
import { type EventSelection, eventSelection } from "../store/event-selection.ts";

export const MAX_WANTED_COLLECTIONS = 100;
export const MAX_WANTED_DIDS = 10_000;

export interface Filter {
  collections: { exact: Set<string>; prefixes: string[] } | null;
  dids: Set<string> | null;
  maxMessageSizeBytes: number;
}

export class FilterError extends Error {}

export const MATCH_ALL: Filter = { collections: null, dids: null, maxMessageSizeBytes: 0 };

export function filterFromQuery(params: URLSearchParams): Filter {
  return {
    collections: parseCollections(params.getAll("wantedCollections")),
    dids: parseDids(params.getAll("wantedDids")),
    maxMessageSizeBytes: coerceSize(params.get("maxMessageSizeBytes")),
  };
}

// An options_update payload replaces the whole filter: fields it leaves out become match-all.
export function filterFromUpdate(payload: unknown): Filter {
  if (!payload || typeof payload !== "object") throw new FilterError("payload must be an object");
  const p = payload as Record<string, unknown>;
  const strings = (v: unknown, name: string): string[] => {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) {
      throw new FilterError(`${name} must be an array of strings`);
    }
    return v;
  };
  const size = p.maxMessageSizeBytes;
  if (size !== undefined && size !== null && typeof size !== "number") {
    throw new FilterError("maxMessageSizeBytes must be a number");
  }
  return {
    collections: parseCollections(strings(p.wantedCollections, "wantedCollections")),
    dids: parseDids(strings(p.wantedDids, "wantedDids")),
    maxMessageSizeBytes: coerceSize(size === undefined || size === null ? null : String(size)),
  };
}

// The filter as the log applies it, in SQL (see event-selection.ts).
export function selectionOf(filter: Filter): EventSelection {
  return eventSelection(filter.dids, filter.collections);
}

// The same rules as selectionOf, row by row: the reference the SQL is tested against.
export function wants(filter: Filter, row: Pick<LogRow, "did" | "kind" | "collection">): boolean {
  if (filter.dids && !filter.dids.has(row.did)) return false;
  if (!filter.collections || row.kind !== "commit" || !row.collection) return true;
  if (filter.collections.exact.has(row.collection)) return true;
  return filter.collections.prefixes.some((p) => row.collection?.startsWith(p));
}

function parseCollections(values: string[]): Filter["collections"] {
  if (values.length === 0) return null;
  const exact = new Set<string>();
  const prefixes = new Set<string>();
  for (const raw of values) {
    // As upstream: `app.bsky.*` matches every collection under `app.bsky.`; the head is not validated.
    if (raw.endsWith(".*") && raw.length > 2) prefixes.add(raw.slice(0, -1));
    else if (isValidNsid(raw)) exact.add(raw);
    else throw new FilterError(`invalid collection: ${raw}`);
    if (exact.size + prefixes.size > MAX_WANTED_COLLECTIONS) {
      throw new FilterError(`too many wanted collections: > ${MAX_WANTED_COLLECTIONS}`);
    }
  }
  return { exact, prefixes: [...prefixes] };
}

function parseDids(values: string[]): Set<string> | null {
  if (values.length === 0) return null;
  const dids = new Set<string>();
  for (const raw of values) {
    if (!isValidDid(raw)) throw new FilterError(`invalid DID: ${raw}`);
    dids.add(raw);
  }
  if (dids.size > MAX_WANTED_DIDS) throw new FilterError(`too many wanted DIDs: > ${MAX_WANTED_DIDS}`);
  return dids;
}

function coerceSize(raw: string | null): number {
  if (raw === null || !/^-?\d+$/.test(raw.trim())) return 0;
  const n = Number(raw);
  return n > 0 && n <= 0xffffffff ? n : 0;
}
