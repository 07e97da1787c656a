// An actor's blob index: the blobs it uploaded (temp until a record references one) and which records
// reference which blobs. Callers hold the actor's write lock for anything that changes it.
import type { ReceivedBlob } from "../blob/receive-upload.ts";
import type { Actor } from "./actor.ts";

export interface BlobRow {
  cid: string;
  mime_type: string;
  size: number;
  temp_key: string | null;
}

export function blobRow(actor: Actor, cid: string): BlobRow | undefined {
  return actor.stmt("SELECT cid, mime_type, size, temp_key FROM blob WHERE cid = ?").get(cid) as
    | BlobRow
    | undefined;
}

export function isReferenced(actor: Actor, cid: string): boolean {
  return !!actor.stmt("SELECT 1 FROM record_blob WHERE blob_cid = ? LIMIT 1").get(cid);
}

export interface TrackedUpload {
  // The blob as stored: a re-upload of known bytes keeps the first upload's type.
  row: BlobRow;
  // Temp files no row points to any more (this upload's when the blob was already stored).
  staleTempKeys: string[];
}

// Run inside a transaction. A re-upload of a blob still temp restarts its grace period.
export function trackUpload(actor: Actor, blob: ReceivedBlob): TrackedUpload {
  const cid = blob.cid.toString();
  const existing = blobRow(actor, cid);
  const now = new Date().toISOString();
  if (!existing) {
    actor
      .stmt("INSERT INTO blob (cid, mime_type, size, temp_key, created_at) VALUES (?, ?, ?, ?, ?)")
      .run(cid, blob.mimeType, blob.size, blob.tempKey, now);
    return {
      row: { cid, mime_type: blob.mimeType, size: blob.size, temp_key: blob.tempKey },
      staleTempKeys: [],
    };
  }
  if (existing.temp_key === null) return { row: existing, staleTempKeys: [blob.tempKey] };
  actor.stmt("UPDATE blob SET temp_key = ?, created_at = ? WHERE cid = ?").run(blob.tempKey, now, cid);
  return { row: { ...existing, temp_key: blob.tempKey }, staleTempKeys: [existing.temp_key] };
}

export function markPermanent(actor: Actor, cid: string): void {
  actor.stmt("UPDATE blob SET temp_key = NULL WHERE cid = ?").run(cid);
}

// Blobs referenced by records, by CID; with `since`, only those of records written after that rev.
export function listBlobCids(
  actor: Actor,
  opts: { since?: string; cursor?: string; limit: number },
): string[] {
  const rows = opts.since
    ? actor
        .stmt(
          `SELECT DISTINCT rb.blob_cid FROM record_blob rb JOIN record r ON r.uri = rb.record_uri
           WHERE r.repo_rev > ? AND rb.blob_cid > ? ORDER BY rb.blob_cid LIMIT ?`,
        )
        .all(opts.since, opts.cursor ?? "", opts.limit)
    : actor
        .stmt("SELECT DISTINCT blob_cid FROM record_blob WHERE blob_cid > ? ORDER BY blob_cid LIMIT ?")
        .all(opts.cursor ?? "", opts.limit);
  return (rows as { blob_cid: string }[]).map((r) => r.blob_cid);
}

// Blobs records reference that were never uploaded here (after importRepo), one record URI for each.
export function listMissingBlobs(
  actor: Actor,
  opts: { cursor?: string; limit: number },
): { cid: string; recordUri: string }[] {
  const rows = actor
    .stmt(
      `SELECT rb.blob_cid, MIN(rb.record_uri) AS record_uri FROM record_blob rb
       WHERE rb.blob_cid > ? AND NOT EXISTS (SELECT 1 FROM blob b WHERE b.cid = rb.blob_cid)
       GROUP BY rb.blob_cid ORDER BY rb.blob_cid LIMIT ?`,
    )
    .all(opts.cursor ?? "", opts.limit) as { blob_cid: string; record_uri: string }[];
  return rows.map((r) => ({ cid: r.blob_cid, recordUri: r.record_uri }));
}

export function blobCounts(actor: Actor): { expected: number; imported: number } {
  const expected = actor.stmt("SELECT COUNT(DISTINCT blob_cid) AS n FROM record_blob").get() as { n: number };
  const imported = actor.stmt("SELECT COUNT(*) AS n FROM blob").get() as { n: number };
  return { expected: expected.n, imported: imported.n };
}
