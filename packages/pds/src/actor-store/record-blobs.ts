// Blob references of a commit. Before the commit transaction: every blob a written record references
// must have been uploaded by this account, with the type and size the reference claims, and gets its
// permanent place (an import only promotes the uploads its records reference: the others may come
// later). Inside it: record_blob follows the records, blobs lose their temp mark, and a blob no record
// references any more is dropped. After it: the dropped blobs' files are deleted.
import { type Cid, enumBlobRefs, isLegacyBlobRef, type LexMap, parseCid } from "@atproto/lex-data";
import type { PreparedWrite } from "../repo/prepare.ts";
import { XrpcError } from "../xrpc/errors.ts";
import type { SqliteActor } from "./actor.ts";
import { blobRow, markPermanent } from "./blob-index.ts";

export interface RecordBlobChanges {
  // Record URI -> the blob CIDs its new content references.
  refs: Map<string, string[]>;
  // URIs whose previous references go (updates and deletes), or all of them (an import).
  cleared: string[] | "all";
  // Temp blobs given their permanent place for this commit: temp key by CID.
  madePermanent: Map<string, string>;
  // For the #commit event's `blobs`.
  newBlobCids: Cid[];
}

/** The blob refs in a record; legacy `{cid, mimeType}` refs are refused, as the official PDS does. */
export function recordBlobRefs(record: LexMap): { cid: string; mimeType: string; size: number }[] {
  const out: { cid: string; mimeType: string; size: number }[] = [];
  for (const ref of enumBlobRefs(record, { strict: false, allowLegacy: true })) {
    if (isLegacyBlobRef(ref))
      throw new XrpcError(400, "InvalidRecord", `Legacy blobs are not allowed (${ref.cid})`);
    out.push({ cid: ref.ref.toString(), mimeType: ref.mimeType, size: ref.size });
  }
  return out;
}

// Call under the actor's write lock, before the commit transaction.
export async function prepareRecordBlobs(
  actor: SqliteActor,
  writes: PreparedWrite[],
): Promise<RecordBlobChanges> {
  const refs = new Map<string, string[]>();
  const cleared: string[] = [];
  const toPromote = new Map<string, string>();
  for (const w of writes) {
    const uri = `at://${actor.did}/${w.collection}/${w.rkey}`;
    if (w.action !== "create") cleared.push(uri);
    if (w.action === "delete") continue;
    const cids: string[] = [];
    for (const ref of recordBlobRefs(w.record)) {
      const row = blobRow(actor, ref.cid);
      // A taken-down blob is as good as absent: no new record may show it (as the official PDS).
      if (!row || row.takedown_ref)
        throw new XrpcError(400, "BlobNotFound", `Could not find blob: ${ref.cid}`);
      if (row.mime_type !== ref.mimeType) {
        throw new XrpcError(
          400,
          "InvalidMimeType",
          `Referenced Mimetype does not match stored blob. Expected: ${row.mime_type}, Got: ${ref.mimeType}`,
        );
      }
      if (row.size !== ref.size) {
        throw new XrpcError(
          400,
          "InvalidSize",
          `Referenced Size does not match stored blob. Expected: ${row.size}, Got: ${ref.size}`,
        );
      }
      if (row.temp_key) toPromote.set(ref.cid, row.temp_key);
      if (!cids.includes(ref.cid)) cids.push(ref.cid);
    }
    refs.set(uri, cids);
  }
  // Only once every reference checked out, so a refused write moves no file.
  const madePermanent = await promote(actor, toPromote);
  return { refs, cleared, madePermanent, newBlobCids: distinctCids(refs) };
}

// An imported repo: its records may reference blobs not uploaded yet (listMissingBlobs); those already
// uploaded (still temp) become permanent.
export async function prepareImportBlobs(
  actor: SqliteActor,
  records: { uri: string; blobCids: string[] }[],
): Promise<RecordBlobChanges> {
  const refs = new Map(records.map((r) => [r.uri, r.blobCids]));
  const referenced = new Set(records.flatMap((r) => r.blobCids));
  const temps = actor.stmt("SELECT cid, temp_key FROM blob WHERE temp_key IS NOT NULL").all() as {
    cid: string;
    temp_key: string;
  }[];
  const toPromote = new Map(temps.filter((t) => referenced.has(t.cid)).map((t) => [t.cid, t.temp_key]));
  const madePermanent = await promote(actor, toPromote);
  return { refs, cleared: "all", madePermanent, newBlobCids: distinctCids(refs) };
}

async function promote(actor: SqliteActor, toPromote: Map<string, string>): Promise<Map<string, string>> {
  const done = new Map<string, string>();
  for (const [cid, key] of toPromote) {
    await actor.deps.blobstore.makePermanent(actor.did, key, parseCid(cid));
    done.set(cid, key);
  }
  return done;
}

function distinctCids(refs: Map<string, string[]>): Cid[] {
  const seen = new Set<string>();
  for (const cids of refs.values()) for (const cid of cids) seen.add(cid);
  return [...seen].map((cid) => parseCid(cid));
}

// Inside the commit transaction. Returns the CIDs of blobs no longer referenced (now deleted rows).
export function applyRecordBlobs(actor: SqliteActor, changes: RecordBlobChanges): string[] {
  const previous = new Set<string>();
  if (changes.cleared === "all") {
    // Every stored blob is a candidate: those no record of the new repo references go.
    for (const row of actor.stmt("SELECT cid FROM blob WHERE temp_key IS NULL").all() as { cid: string }[])
      previous.add(row.cid);
    actor.stmt("DELETE FROM record_blob").run();
  } else {
    const refsOf = actor.stmt("SELECT blob_cid FROM record_blob WHERE record_uri = ?");
    const clear = actor.stmt("DELETE FROM record_blob WHERE record_uri = ?");
    for (const uri of changes.cleared) {
      for (const row of refsOf.all(uri) as { blob_cid: string }[]) previous.add(row.blob_cid);
      clear.run(uri);
    }
  }
  const link = actor.stmt("INSERT OR IGNORE INTO record_blob (blob_cid, record_uri) VALUES (?, ?)");
  for (const [uri, cids] of changes.refs) for (const cid of cids) link.run(cid, uri);
  for (const cid of changes.madePermanent.keys()) markPermanent(actor, cid);
  const stillUsed = actor.stmt("SELECT 1 FROM record_blob WHERE blob_cid = ? LIMIT 1");
  const drop = actor.stmt("DELETE FROM blob WHERE cid = ?");
  const dropped: string[] = [];
  for (const cid of previous) {
    if (stillUsed.get(cid)) continue;
    drop.run(cid);
    dropped.push(cid);
  }
  return dropped;
}

// After the commit: temp copies of promoted blobs and files of dropped blobs. A failure here only
// leaves a file behind (the index is already right), so it is reported, not thrown.
export async function settleBlobFiles(
  actor: SqliteActor,
  changes: RecordBlobChanges,
  dropped: string[],
): Promise<void> {
  const { blobstore, onBlobFileError } = actor.deps;
  try {
    for (const key of changes.madePermanent.values()) await blobstore.deleteTemp(actor.did, key);
    for (const cid of dropped) await blobstore.delete(actor.did, parseCid(cid));
  } catch (err) {
    onBlobFileError(err, actor.did);
  }
}
