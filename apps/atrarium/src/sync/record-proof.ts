// Verifies a com.atproto.sync.getRecord answer: a CAR rooted at the repo's signed commit with the MST
// nodes on the path to one key and, if the record exists, its block. The commit must be the expected
// repo's and signed by its #atproto key; walking the MST from the commit's data root then proves the
// record's presence (and its CID) or its absence, which is how a deletion is proven.
import { verifySignature } from "@atproto/crypto";
import { decode, encode, type LexValue } from "@atproto/lex-cbor";
import { type Cid, isCid } from "@atproto/lex-data";
import { CarError, readCar } from "./car.ts";

export class ProofError extends Error {}

export interface Commit {
  did: string;
  rev: string;
  data: Cid;
  unsigned: Uint8Array;
  sig: Uint8Array;
}

export interface ProvenRecord {
  did: string;
  rev: string;
  // Present when the record exists at that commit.
  record?: { cid: string; value: Record<string, unknown> };
}

export interface RecordProof {
  commit: Commit;
  // Checks the commit signature with a did:key, then walks the MST.
  verify: (signingKey: string) => Promise<ProvenRecord | null>;
}

const MAX_DEPTH = 64;

export async function openRecordProof(car: Uint8Array, did: string, key: string): Promise<RecordProof> {
  let parsed: Awaited<ReturnType<typeof readCar>>;
  try {
    parsed = await readCar(car);
  } catch (err) {
    throw new ProofError(err instanceof CarError ? err.message : "unreadable CAR");
  }
  const [root] = parsed.roots;
  if (!root || parsed.roots.length !== 1) throw new ProofError("a proof has exactly one root");
  const block = (cid: Cid) => {
    const bytes = parsed.blocks.get(cid.toString());
    if (!bytes) throw new ProofError(`block ${cid.toString()} missing from the proof`);
    try {
      return decode(bytes) as unknown;
    } catch {
      throw new ProofError(`block ${cid.toString()} is not DAG-CBOR`);
    }
  };
  const commit = readCommit(block(root));
  if (commit.did !== did) throw new ProofError(`the proof is for ${commit.did}, not ${did}`);
  return {
    commit,
    verify: async (signingKey) => {
      const signed = await verifySignature(signingKey, commit.unsigned, commit.sig).catch(() => false);
      if (!signed) return null;
      const recordCid = findKey(block, commit.data, key);
      if (!recordCid) return { did, rev: commit.rev };
      const value = block(recordCid);
      if (!value || typeof value !== "object" || Array.isArray(value))
        throw new ProofError("the record is not an object");
      return {
        did,
        rev: commit.rev,
        record: { cid: recordCid.toString(), value: toJson(value) as Record<string, unknown> },
      };
    },
  };
}

function readCommit(raw: unknown): Commit {
  const c = raw as Record<string, unknown>;
  if (
    !c ||
    typeof c !== "object" ||
    c.version !== 3 ||
    typeof c.did !== "string" ||
    typeof c.rev !== "string" ||
    !isCid(c.data) ||
    !(c.sig instanceof Uint8Array)
  )
    throw new ProofError("the root is not a v3 repo commit");
  const { sig, ...unsigned } = c;
  return {
    did: c.did,
    rev: c.rev,
    data: c.data,
    unsigned: encode(unsigned as LexValue),
    sig,
  };
}

interface MstEntry {
  p: number;
  k: Uint8Array;
  v: Cid;
  t: Cid | null;
}

// The CID stored under `key`, or null when the walk shows there is none. Every node on the path must
// be in the proof; a missing one is a broken proof, not an absence.
export function findKey(block: (cid: Cid) => unknown, rootCid: Cid, key: string): Cid | null {
  const target = new TextEncoder().encode(key);
  let cid: Cid | null = rootCid;
  for (let depth = 0; cid && depth < MAX_DEPTH; depth++) {
    const node = block(cid) as { l?: unknown; e?: unknown };
    if (!node || typeof node !== "object" || !Array.isArray(node.e)) throw new ProofError("bad MST node");
    const left = node.l === null || node.l === undefined ? null : node.l;
    if (left !== null && !isCid(left)) throw new ProofError("bad MST node");
    let previous = new Uint8Array();
    let next: Cid | null = left;
    for (const raw of node.e as MstEntry[]) {
      if (!raw || typeof raw.p !== "number" || !(raw.k instanceof Uint8Array) || !isCid(raw.v))
        throw new ProofError("bad MST entry");
      if (raw.t !== null && raw.t !== undefined && !isCid(raw.t)) throw new ProofError("bad MST entry");
      if (raw.p > previous.length) throw new ProofError("bad MST prefix");
      const entryKey = new Uint8Array(raw.p + raw.k.length);
      entryKey.set(previous.subarray(0, raw.p));
      entryKey.set(raw.k, raw.p);
      const order = compareBytes(target, entryKey);
      if (order === 0) return raw.v;
      if (order < 0) break;
      next = raw.t ?? null;
      previous = entryKey;
    }
    cid = next;
  }
  if (cid) throw new ProofError("MST too deep");
  return null;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

// Records in the JSON form Jetstream delivers: CIDs as {$link}, bytes as {$bytes}.
export function toJson(value: unknown): unknown {
  if (isCid(value)) return { $link: value.toString() };
  if (value instanceof Uint8Array) {
    let bin = "";
    for (const b of value) bin += String.fromCharCode(b);
    return { $bytes: btoa(bin).replace(/=+$/, "") };
  }
  if (Array.isArray(value)) return value.map(toJson);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  return value;
}
