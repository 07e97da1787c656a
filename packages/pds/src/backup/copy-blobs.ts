// Copies the blob files an actor-store snapshot indexes. Blobs are immutable and content-addressed, so
// a plain file copy is a faithful one; each is checked against its CID on the way and lands under a
// temp name first, so a copy cut short never passes for a blob.
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { cidForRawHash } from "@atproto/lex-data";
import { tempBlobPath } from "./layout.ts";
import { BackupError } from "./manifest.ts";

export interface BlobCopyResult {
  copied: number;
  bytes: number;
  // Permanent blobs of the snapshot whose file is gone from the live store (a record referencing it
  // was deleted after the snapshot): the snapshot must be taken again.
  missing: string[];
}

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === "ENOENT";

// Returns the size copied, or null when the source does not exist.
async function copyVerified(source: string, destination: string, cid: string): Promise<number | null> {
  const hash = createHash("sha256");
  let size = 0;
  const observe = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  await mkdir(path.dirname(destination), { recursive: true });
  const partial = `${destination}.partial`;
  try {
    await pipeline(createReadStream(source), observe, createWriteStream(partial));
  } catch (err) {
    await rm(partial, { force: true });
    if (isMissing(err)) return null;
    throw err;
  }
  if (cidForRawHash(hash.digest()).toString() !== cid) {
    await rm(partial, { force: true });
    throw new BackupError(`blob file ${source} does not match its CID ${cid}`);
  }
  await rename(partial, destination);
  return size;
}

/**
 * `snapshot` is the backup's copy of the actor's database: uploads that no record references and
 * whose file is gone by now (swept, or promoted and since deleted) are dropped from it, so the
 * restored index promises no file it lacks.
 */
export async function copyActorBlobs(opts: {
  did: string;
  snapshot: DatabaseSync;
  blobDir: () => Promise<string | undefined>;
  from: string;
  to: string;
}): Promise<BlobCopyResult> {
  const { did, snapshot, from, to } = opts;
  const rows = snapshot.prepare("SELECT cid, temp_key FROM blob").all() as {
    cid: string;
    temp_key: string | null;
  }[];
  const result: BlobCopyResult = { copied: 0, bytes: 0, missing: [] };
  const dir = rows.some((r) => r.temp_key === null) ? await opts.blobDir() : undefined;
  const dropUpload = snapshot.prepare("DELETE FROM blob WHERE cid = ? AND temp_key IS NOT NULL");
  for (const { cid, temp_key } of rows) {
    let size: number | null = null;
    if (temp_key === null) {
      if (dir) size = await copyVerified(path.join(from, dir, cid), path.join(to, dir, cid), cid);
      if (size === null) result.missing.push(cid);
    } else {
      const temp = tempBlobPath(did, temp_key);
      size = await copyVerified(path.join(from, temp), path.join(to, temp), cid);
      // Promoted after the snapshot: the permanent file holds the same bytes.
      if (size === null && dir) {
        size = await copyVerified(path.join(from, dir, cid), path.join(to, temp), cid);
      }
      if (size === null) dropUpload.run(cid);
    }
    if (size !== null) {
      result.copied++;
      result.bytes += size;
    }
  }
  return result;
}
