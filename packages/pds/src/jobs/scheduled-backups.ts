// Scheduled online backups (PDS_BACKUP_DIRECTORY): each run writes the same backup as
// `aurora-locus backup` (backup/backup.ts) into a new timestamped directory of its own, then removes
// the oldest such directories beyond the number to keep. Only directories this job names are ever
// counted or removed; anything else in the backup directory is left alone. A run that fails removes
// its partial directory, and one the process was killed in (no manifest, written last) is removed by
// the next run that succeeds, so the backups kept are complete ones.
import { existsSync } from "node:fs";
import { mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { backupPds } from "../backup/backup.ts";
import { MANIFEST_FILE } from "../backup/layout.ts";
import type { PdsConfig } from "../config.ts";

const PREFIX = "backup-";
// backup-2026-12-05T21-51-16-123Z: the ISO time with ':' and '.' replaced, so it sorts by time and is
// a valid file name everywhere.
const NAME = /^backup-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;

export const backupDirName = (at: Date) => PREFIX + at.toISOString().replace(/[:.]/g, "-");

export interface ScheduledBackupResult {
  dir: string;
  accounts: number;
  removed: string[];
}

export async function runScheduledBackup(
  cfg: Pick<PdsConfig, "dataDir" | "blobstoreDir">,
  root: string,
  keep: number,
  now = new Date(),
): Promise<ScheduledBackupResult> {
  await mkdir(root, { recursive: true, mode: 0o700 });
  let dir = path.join(root, backupDirName(now));
  // Two runs within the same millisecond (an operator's run right after the timer's): one later.
  for (let bump = 1; (await readdir(root)).includes(path.basename(dir)) && bump <= 1000; bump++)
    dir = path.join(root, backupDirName(new Date(now.getTime() + bump)));
  let summary: Awaited<ReturnType<typeof backupPds>>;
  try {
    summary = await backupPds(cfg, dir);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const ours = (await readdir(root)).filter((name) => NAME.test(name)).sort();
  const complete = ours.filter((name) => existsSync(path.join(root, name, MANIFEST_FILE)));
  const unfinished = ours.filter((name) => !complete.includes(name));
  const removed = [...unfinished, ...complete.slice(0, Math.max(0, complete.length - keep))];
  for (const name of removed) await rm(path.join(root, name), { recursive: true, force: true });
  return { dir, accounts: summary.manifest.accounts, removed };
}
