// An actor's blob index: the blobs it uploaded (temp until a record references one) and which records
// reference which blobs, kept in step with the blob store's files. Everything that changes it runs
// under the actor's write lock, so it cannot race a commit making the same blob permanent.
import { parseCid } from "@atproto/lex-data";
import { transact } from "@atrarium/sqlite";
import type { ReceivedBlob } from "../blob/receive-upload.ts";
import type { SqliteActor } from "./actor.ts";
import type { BlobIndex, BlobRow } from "./types.ts";

export function blobRow(actor: SqliteActor, cid: string): BlobRow | undefined {
  return actor
    .stmt("SELECT cid, mime_type, size, temp_key, takedown_ref, width, height FROM blob WHERE cid = ?")
    .get(cid) as BlobRow | undefined;
}

export function isReferenced(actor: SqliteActor, cid: string): boolean {
  return !!actor.stmt("SELECT 1 FROM record_blob WHERE blob_cid = ? LIMIT 1").get(cid);
}

export function markPermanent(actor: SqliteActor, cid: string): void {
  actor.stmt("UPDATE blob SET temp_key = NULL WHERE cid = ?").run(cid);
}

export class SqliteBlobIndex implements BlobIndex {
  private readonly actor: SqliteActor;

  constructor(actor: SqliteActor) {
    this.actor = actor;
  }

  async get(cid: string): Promise<BlobRow | undefined> {
    return blobRow(this.actor, cid);
  }

  async trackUpload(blob: ReceivedBlob): Promise<BlobRow> {
    const { actor } = this;
    const { blobstore } = actor.deps;
    const cid = blob.cid.toString();
    return actor.lock.run(async () => {
      const tracked = transact(actor.db, () => this.upsertUpload(blob));
      for (const key of tracked.staleTempKeys) await blobstore.deleteTemp(actor.did, key);
      const tempKey = tracked.row.temp_key;
      if (!tempKey || !isReferenced(actor, cid)) return tracked.row;
      await blobstore.makePermanent(actor.did, tempKey, blob.cid);
      markPermanent(actor, cid);
      await blobstore.deleteTemp(actor.did, tempKey);
      return { ...tracked.row, temp_key: null };
    });
  }

  async sweepUpload(tempKey: string): Promise<boolean> {
    const { actor } = this;
    const { blobstore } = actor.deps;
    return actor.lock.run(async () => {
      const row = actor.stmt("SELECT cid FROM blob WHERE temp_key = ?").get(tempKey) as
        | { cid: string }
        | undefined;
      let removed = false;
      // A row still temp yet referenced means a commit made it permanent but failed before marking it.
      if (row && isReferenced(actor, row.cid)) {
        await blobstore.makePermanent(actor.did, tempKey, parseCid(row.cid));
        markPermanent(actor, row.cid);
      } else if (row) {
        transact(actor.db, () => actor.stmt("DELETE FROM blob WHERE cid = ?").run(row.cid));
        // A commit that failed after making the blob permanent may have left that copy too.
        await blobstore.delete(actor.did, parseCid(row.cid));
        removed = true;
      }
      await blobstore.deleteTemp(actor.did, tempKey);
      return removed;
    });
  }

  async listReferenced(opts: { since?: string; cursor?: string; limit: number }): Promise<string[]> {
    const rows = opts.since
      ? this.actor
          .stmt(
            `SELECT DISTINCT rb.blob_cid FROM record_blob rb JOIN record r ON r.uri = rb.record_uri
             WHERE r.repo_rev > ? AND rb.blob_cid > ? ORDER BY rb.blob_cid LIMIT ?`,
          )
          .all(opts.since, opts.cursor ?? "", opts.limit)
      : this.actor
          .stmt("SELECT DISTINCT blob_cid FROM record_blob WHERE blob_cid > ? ORDER BY blob_cid LIMIT ?")
          .all(opts.cursor ?? "", opts.limit);
    return (rows as { blob_cid: string }[]).map((r) => r.blob_cid);
  }

  async listMissing(opts: { cursor?: string; limit: number }): Promise<{ cid: string; recordUri: string }[]> {
    const rows = this.actor
      .stmt(
        `SELECT rb.blob_cid, MIN(rb.record_uri) AS record_uri FROM record_blob rb
         WHERE rb.blob_cid > ? AND NOT EXISTS (SELECT 1 FROM blob b WHERE b.cid = rb.blob_cid)
         GROUP BY rb.blob_cid ORDER BY rb.blob_cid LIMIT ?`,
      )
      .all(opts.cursor ?? "", opts.limit) as { blob_cid: string; record_uri: string }[];
    return rows.map((r) => ({ cid: r.blob_cid, recordUri: r.record_uri }));
  }

  async counts(): Promise<{ expected: number; imported: number }> {
    const count = (sql: string) => (this.actor.stmt(sql).get() as { n: number }).n;
    return {
      expected: count("SELECT COUNT(DISTINCT blob_cid) AS n FROM record_blob"),
      imported: count("SELECT COUNT(*) AS n FROM blob"),
    };
  }

  async setTakedown(cid: string, ref: string | null): Promise<boolean> {
    const { actor } = this;
    return actor.lock.run(async () => {
      const result = actor.stmt("UPDATE blob SET takedown_ref = ? WHERE cid = ?").run(ref, cid);
      return result.changes > 0;
    });
  }

  // A re-upload of a blob still temp restarts its grace period; the temp files no row points to any
  // more (this upload's when the blob was already stored) are returned for deletion.
  private upsertUpload(blob: ReceivedBlob): { row: BlobRow; staleTempKeys: string[] } {
    const { actor } = this;
    const cid = blob.cid.toString();
    const existing = blobRow(actor, cid);
    const now = new Date().toISOString();
    const width = blob.dimensions?.width ?? null;
    const height = blob.dimensions?.height ?? null;
    if (!existing) {
      actor
        .stmt(
          `INSERT INTO blob (cid, mime_type, size, temp_key, created_at, width, height)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(cid, blob.mimeType, blob.size, blob.tempKey, now, width, height);
      return {
        row: {
          cid,
          mime_type: blob.mimeType,
          size: blob.size,
          temp_key: blob.tempKey,
          takedown_ref: null,
          width,
          height,
        },
        staleTempKeys: [],
      };
    }
    // A blob stored before dimensions were read (or whose probe was skipped) gets them from a re-upload.
    if (existing.width === null && width !== null) {
      actor.stmt("UPDATE blob SET width = ?, height = ? WHERE cid = ?").run(width, height, cid);
      existing.width = width;
      existing.height = height;
    }
    if (existing.temp_key === null) return { row: existing, staleTempKeys: [blob.tempKey] };
    actor.stmt("UPDATE blob SET temp_key = ?, created_at = ? WHERE cid = ?").run(blob.tempKey, now, cid);
    return { row: { ...existing, temp_key: blob.tempKey }, staleTempKeys: [existing.temp_key] };
  }
}
