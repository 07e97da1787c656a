// Reads from PDSs and the relay over XRPC: record proofs, the latest commit, record listings and the
// repos that hold a collection. Every call is bounded (timeout, body size) and failures surface as
// UpstreamError so callers can tell "the network is down" from "the data says no".
import { getJson, getUpstream, UpstreamError } from "../shared/upstream.ts";

const MAX_PROOF_BYTES = 2 * 1024 * 1024;
const MAX_LIST_BYTES = 8 * 1024 * 1024;

export interface ListedRecord {
  uri: string;
  cid: string;
  value: Record<string, unknown>;
}

const xrpc = (base: string, nsid: string, params: Record<string, string | undefined>) => {
  const url = new URL(`/xrpc/${nsid}`, base);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
};

// The CAR of com.atproto.sync.getRecord; null when the PDS says the record does not exist without
// giving a proof (the caller cannot tell a deletion from a lie then, so nothing is removed).
export async function getRecordProof(
  pds: string,
  did: string,
  collection: string,
  rkey: string,
): Promise<Uint8Array | null> {
  const res = await getUpstream(xrpc(pds, "com.atproto.sync.getRecord", { did, collection, rkey }), {
    accept: "application/vnd.ipld.car",
    maxBytes: MAX_PROOF_BYTES,
    timeoutMs: 10_000,
  });
  if (res.status === 200) return res.bytes;
  let error: string | null = null;
  try {
    error = (JSON.parse(new TextDecoder().decode(res.bytes)) as { error?: string }).error ?? null;
  } catch {}
  if (error === "RecordNotFound") return null;
  throw new UpstreamError(`sync.getRecord answered ${res.status}`, res.status, error);
}

export async function getLatestRev(pds: string, did: string): Promise<string> {
  const body = await getJson<{ rev?: unknown }>(xrpc(pds, "com.atproto.sync.getLatestCommit", { did }));
  if (typeof body.rev !== "string") throw new UpstreamError("getLatestCommit without a rev");
  return body.rev;
}

export async function listRecordsPage(
  pds: string,
  did: string,
  collection: string,
  cursor?: string,
): Promise<{ records: ListedRecord[]; cursor?: string }> {
  const body = await getJson<{ records?: unknown; cursor?: unknown }>(
    xrpc(pds, "com.atproto.repo.listRecords", { repo: did, collection, limit: "100", cursor }),
    { maxBytes: MAX_LIST_BYTES, timeoutMs: 10_000 },
  );
  const records = (Array.isArray(body.records) ? body.records : []).filter(
    (r): r is ListedRecord =>
      typeof r?.uri === "string" && typeof r?.cid === "string" && !!r.value && typeof r.value === "object",
  );
  return { records, cursor: typeof body.cursor === "string" ? body.cursor : undefined };
}

export async function listReposPage(
  relay: string,
  collection: string,
  cursor?: string,
): Promise<{ dids: string[]; cursor?: string }> {
  const body = await getJson<{ repos?: unknown; cursor?: unknown }>(
    xrpc(relay, "com.atproto.sync.listReposByCollection", { collection, limit: "500", cursor }),
    { maxBytes: MAX_LIST_BYTES, timeoutMs: 10_000 },
  );
  const dids = (Array.isArray(body.repos) ? body.repos : [])
    .map((r) => (r as { did?: unknown })?.did)
    .filter((d): d is string => typeof d === "string" && d.startsWith("did:"));
  return { dids, cursor: typeof body.cursor === "string" ? body.cursor : undefined };
}
