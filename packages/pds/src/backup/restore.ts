// Restores a data directory from a backup: the backup is checked against its manifest first, copied
// into a sibling directory named `<dataDir>.restoring-…`, and only then renamed into place. A restore
// cut short therefore leaves that `.restoring-` directory beside an untouched target, never a target
// holding half a backup. A target in the way is refused unless forced, and then renamed aside
// (`<dataDir>.replaced-…`) rather than deleted.
import { randomBytes } from "node:crypto";
import { cp, mkdir, readdir, rename, rmdir } from "node:fs/promises";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { BLOBS_DIR, MANIFEST_FILE } from "./layout.ts";
import {
  BackupError,
  type BackupFile,
  type BackupManifest,
  countFiles,
  describeFile,
  readManifest,
} from "./manifest.ts";

export interface RestoreResult {
  manifest: BackupManifest;
  dataDir: string;
  // Where the directory that was in the way went (with force), else null.
  replaced: string | null;
}

// Kept in the restored directory: which backup it came from.
export const RESTORED_FROM_FILE = "restored-from.json";

async function checkFile(backupDir: string, expected: BackupFile): Promise<void> {
  const actual = await describeFile(backupDir, expected.path).catch((err) => {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    throw new BackupError(`backup is missing ${expected.path}`);
  });
  if (actual.bytes !== expected.bytes || actual.sha256 !== expected.sha256) {
    throw new BackupError(
      `${expected.path} in the backup differs from its manifest entry (damaged or altered)`,
    );
  }
}

function checkDatabase(file: string): void {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const rows = db.prepare("PRAGMA quick_check").all() as { quick_check: string }[];
    if (rows.length !== 1 || rows[0].quick_check !== "ok") {
      throw new BackupError(
        `${file} fails SQLite's quick_check: ${rows.map((r) => r.quick_check).join("; ")}`,
      );
    }
  } finally {
    db.close();
  }
}

/** Checks a backup against its manifest; returns the manifest. */
export async function verifyBackup(backupDir: string): Promise<BackupManifest> {
  const manifest = await readManifest(backupDir);
  for (const db of manifest.databases) {
    await checkFile(backupDir, db);
    checkDatabase(path.join(backupDir, db.path));
  }
  if (manifest.secrets) await checkFile(backupDir, manifest.secrets);
  const blobs = await countFiles(path.join(backupDir, BLOBS_DIR));
  if (blobs.count !== manifest.blobs.count || blobs.bytes !== manifest.blobs.bytes) {
    throw new BackupError(
      `backup holds ${blobs.count} blob files (${blobs.bytes} bytes), its manifest ${manifest.blobs.count} (${manifest.blobs.bytes} bytes)`,
    );
  }
  return manifest;
}

async function entriesOf(dir: string): Promise<string[] | null> {
  return readdir(dir).catch((err) =>
    (err as NodeJS.ErrnoException).code === "ENOENT" ? null : Promise.reject(err),
  );
}

export async function restorePds(
  backupDir: string,
  dataDir: string,
  opts: { force?: boolean } = {},
): Promise<RestoreResult> {
  const source = path.resolve(backupDir);
  const target = path.resolve(dataDir);
  const manifest = await verifyBackup(source);
  const existing = await entriesOf(target);
  if (existing && existing.length > 0 && !opts.force) {
    throw new BackupError(
      `${target} is not empty: restore into a fresh directory, or pass --force to move it aside`,
    );
  }

  const stamp = `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(3).toString("hex")}`;
  const staging = `${target}.restoring-${stamp}`;
  await mkdir(path.dirname(target), { recursive: true });
  await cp(source, staging, {
    recursive: true,
    filter: (from) => path.relative(source, from) !== MANIFEST_FILE,
  });
  await cp(path.join(source, MANIFEST_FILE), path.join(staging, RESTORED_FROM_FILE));

  let replaced: string | null = null;
  if (existing && existing.length > 0) {
    replaced = `${target}.replaced-${stamp}`;
    await rename(target, replaced);
  } else if (existing) {
    await rmdir(target);
  }
  await rename(staging, target);
  return { manifest, dataDir: target, replaced };
}
