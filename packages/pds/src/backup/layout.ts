// Where a PDS data directory keeps what a backup must hold. The actor-store and blob-store paths are
// found by walking the directories rather than recomputing their sharding, so the backup keeps working
// (and keeps the same relative paths) whatever shard scheme those stores use: a DID's directory is its
// encodeURIComponent form, one level below a shard directory.
import { readdir } from "node:fs/promises";
import path from "node:path";

export const ACCOUNT_DB = "account.sqlite";
export const SEQUENCER_DB = "sequencer.sqlite";
// The labels this server emitted (labels/labels-db.ts); absent before its first start with labels.
export const LABELS_DB = "labels.sqlite";
export const SECRETS_FILE = "secrets.json";
export const ACTORS_DIR = "actors";
export const ACTOR_DB_FILE = "store.sqlite";
export const BLOBS_DIR = "blobs";
export const BLOB_TEMP_DIR = "tmp";
export const MANIFEST_FILE = "manifest.json";

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === "ENOENT";

async function dirsIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((err) =>
    isMissing(err) ? [] : Promise.reject(err),
  );
  return entries.filter((e) => e.isDirectory()).map((e) => e.name);
}

/** Every DID's directory two levels under `root` (shard/DID), as a path relative to `root`. */
async function didDirs(root: string, skip: string[] = []): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const shard of await dirsIn(root)) {
    if (skip.includes(shard)) continue;
    for (const dir of await dirsIn(path.join(root, shard))) {
      out.set(decodeURIComponent(dir), path.join(shard, dir));
    }
  }
  return out;
}

/** Each actor store's database, relative to the data directory, by DID. */
export async function actorDbPaths(dataDir: string): Promise<Map<string, string>> {
  const dirs = await didDirs(path.join(dataDir, ACTORS_DIR));
  return new Map([...dirs].map(([did, dir]) => [did, path.join(ACTORS_DIR, dir, ACTOR_DB_FILE)]));
}

/** Each DID's directory of permanent blobs, relative to the blob store's root. */
export function blobDirs(blobstoreDir: string): Promise<Map<string, string>> {
  return didDirs(blobstoreDir, [BLOB_TEMP_DIR]);
}

/** An upload no record references yet, relative to the blob store's root. */
export const tempBlobPath = (did: string, key: string) =>
  path.join(BLOB_TEMP_DIR, encodeURIComponent(did), key);
