// The manifest a backup directory ends with: written last (temp file + rename), so a directory without
// one is an unfinished backup. It lists every database with its size and SHA-256 and counts the blob
// files, which is what restore checks before it touches the target.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import { MANIFEST_FILE } from "./layout.ts";

export const BACKUP_FORMAT = "aurora-locus-backup";
export const BACKUP_VERSION = 1;

const fileEntry = z.object({
  path: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  sha256: z.string(),
});

const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  startedAt: z.string(),
  finishedAt: z.string(),
  sourceDataDir: z.string(),
  databases: z.array(fileEntry).min(2),
  secrets: fileEntry.nullable(),
  blobs: z.object({ count: z.number().int().nonnegative(), bytes: z.number().int().nonnegative() }),
  accounts: z.number().int().nonnegative(),
  // The firehose log's last seq in the backup: a restored server continues after it.
  lastSeq: z.number().int().nonnegative(),
});

export type BackupManifest = z.infer<typeof manifestSchema>;
export type BackupFile = z.infer<typeof fileEntry>;

export class BackupError extends Error {}

export async function describeFile(root: string, relative: string): Promise<BackupFile> {
  const file = path.join(root, relative);
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), hash);
  return { path: relative, bytes: (await stat(file)).size, sha256: hash.digest("hex") };
}

/** Number and total size of the files under `dir` (none if it does not exist). */
export async function countFiles(dir: string): Promise<{ count: number; bytes: number }> {
  let count = 0;
  let bytes = 0;
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((err) =>
    (err as NodeJS.ErrnoException).code === "ENOENT" ? [] : Promise.reject(err),
  );
  for (const e of entries) {
    if (!e.isFile()) continue;
    count++;
    bytes += (await stat(path.join(e.parentPath, e.name))).size;
  }
  return { count, bytes };
}

export async function writeManifest(dir: string, manifest: BackupManifest): Promise<void> {
  const temp = path.join(dir, `.${MANIFEST_FILE}.partial`);
  await writeFile(temp, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(temp, path.join(dir, MANIFEST_FILE));
}

export async function readManifest(dir: string): Promise<BackupManifest> {
  const text = await readFile(path.join(dir, MANIFEST_FILE), "utf8").catch((err) => {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    throw new BackupError(`${dir} has no ${MANIFEST_FILE}: not a backup, or one that did not finish`);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupError(`${path.join(dir, MANIFEST_FILE)} is not JSON`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new BackupError(
      `${path.join(dir, MANIFEST_FILE)} is not a manifest this version reads: ${parsed.error.message}`,
    );
  }
  return parsed.data;
}
