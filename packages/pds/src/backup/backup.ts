// Online backup of a PDS data directory while the server keeps serving writes: every SQLite database
// through the online backup API, the blob files its repos reference, the secrets, then a manifest.
//
// Why the order is safe (each later copy is at least as new as what the earlier ones refer to):
// 1. account.sqlite first. Every account in it already has its actor store (createAccount makes the
//    store and its genesis commit before the account row), so step 2 finds each one; a store deleted
//    in between is an account deleted during the backup, and its row is dropped from the copy.
//    Accounts created after this copy are left out entirely (their stores and events too).
// 2. Each account's actor store, then at once the blobs that snapshot indexes. A permanent blob's file
//    exists before any commit references it (it is linked into place before the commit transaction),
//    so it is there to copy unless a later commit dropped it; then the store is snapshotted again.
// 3. sequencer.sqlite last, so it holds every event of every commit in the actor snapshots (events are
//    sequenced after their commit, and an outbox row is only deleted once it is in the log). It may
//    hold more: events of later commits, which trim-sequencer.ts removes. The restored firehose thus
//    describes exactly the restored repos, with nothing missing in any repo's chain of commits (an
//    event still only in a copied outbox is sequenced by the restored server at startup). Copying
//    the log first instead would lose events: a row drained after the log's copy and deleted from
//    the outbox by a later commit before the store's copy would be in neither.
// 4. labels.sqlite (if the server has one): labels name accounts and records by uri and stand on their
//    own, so any moment's copy is consistent.

import { existsSync } from "node:fs";
import { copyFile, mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { PdsConfig } from "../config.ts";
import { copyActorBlobs } from "./copy-blobs.ts";
import {
  ACCOUNT_DB,
  actorDbPaths,
  BLOB_TEMP_DIR,
  BLOBS_DIR,
  blobDirs,
  LABELS_DB,
  SECRETS_FILE,
  SEQUENCER_DB,
} from "./layout.ts";
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BackupError,
  type BackupFile,
  type BackupManifest,
  countFiles,
  describeFile,
  writeManifest,
} from "./manifest.ts";
import { snapshotSqlite } from "./snapshot-sqlite.ts";
import { type ActorSnapshotMark, lastOutboxId, trimSequencer } from "./trim-sequencer.ts";

// A store is snapshotted again at most this often when a blob it indexes vanishes meanwhile.
const SNAPSHOT_ATTEMPTS = 5;

export interface BackupSummary {
  manifest: BackupManifest;
  // Accounts deleted while the backup ran, and events of commits newer than their repo's snapshot.
  droppedAccounts: string[];
  trimmedEvents: number;
}

function openCopy<T>(file: string, fn: (db: DatabaseSync) => T): T {
  const db = new DatabaseSync(file);
  try {
    db.exec("PRAGMA foreign_keys = ON");
    return fn(db);
  } finally {
    db.close();
  }
}

async function assertEmptyTarget(dir: string): Promise<void> {
  const entries = await readdir(dir).catch((err) =>
    (err as NodeJS.ErrnoException).code === "ENOENT" ? [] : Promise.reject(err),
  );
  if (entries.length > 0) throw new BackupError(`backup directory ${dir} is not empty`);
}

function liveLastSeq(sequencerDb: string): number {
  const db = new DatabaseSync(sequencerDb, { readOnly: true });
  try {
    return (db.prepare("SELECT MAX(seq) AS seq FROM repo_seq").get() as { seq: number | null }).seq ?? 0;
  } finally {
    db.close();
  }
}

export async function backupPds(
  cfg: Pick<PdsConfig, "dataDir" | "blobstoreDir">,
  dir: string,
): Promise<BackupSummary> {
  const dataDir = cfg.dataDir;
  const target = path.resolve(dir);
  if (!existsSync(path.join(dataDir, ACCOUNT_DB)) || !existsSync(path.join(dataDir, SEQUENCER_DB))) {
    throw new BackupError(`${dataDir} holds no PDS data (no ${ACCOUNT_DB} and ${SEQUENCER_DB})`);
  }
  await assertEmptyTarget(target);
  // It will hold every signing key and the PLC rotation key.
  await mkdir(target, { recursive: true, mode: 0o700 });
  const startedAt = new Date().toISOString();

  let secrets: BackupFile | null = null;
  if (existsSync(path.join(dataDir, SECRETS_FILE))) {
    await copyFile(path.join(dataDir, SECRETS_FILE), path.join(target, SECRETS_FILE));
    secrets = await describeFile(target, SECRETS_FILE);
  }
  const seqBefore = liveLastSeq(path.join(dataDir, SEQUENCER_DB));

  await snapshotSqlite(path.join(dataDir, ACCOUNT_DB), path.join(target, ACCOUNT_DB));
  const dids = openCopy(path.join(target, ACCOUNT_DB), (db) =>
    (db.prepare("SELECT did FROM account ORDER BY did").all() as { did: string }[]).map((r) => r.did),
  );

  const stores = await actorDbPaths(dataDir);
  let blobDirsNow = await blobDirs(cfg.blobstoreDir);
  const blobDirOf = async (did: string) => {
    if (!blobDirsNow.has(did)) blobDirsNow = await blobDirs(cfg.blobstoreDir);
    return blobDirsNow.get(did);
  };
  const marks = new Map<string, ActorSnapshotMark>();
  const databases: string[] = [ACCOUNT_DB];
  const dropped: string[] = [];
  for (const did of dids) {
    const relative = stores.get(did);
    if (!relative || !existsSync(path.join(dataDir, relative))) {
      dropped.push(did);
      continue;
    }
    try {
      marks.set(
        did,
        await snapshotActor(did, relative, { dataDir, target, blobstoreDir: cfg.blobstoreDir, blobDirOf }),
      );
    } catch (err) {
      if (existsSync(path.join(dataDir, relative))) throw err;
      // Deleted while it was being copied: nothing of it stays in the backup.
      dropped.push(did);
      await rm(path.join(target, path.dirname(relative)), { recursive: true, force: true });
      await removeBlobCopies(did, path.join(target, BLOBS_DIR), blobDirOf);
      continue;
    }
    databases.push(relative);
  }
  if (dropped.length > 0) {
    openCopy(path.join(target, ACCOUNT_DB), (db) => {
      const remove = db.prepare("DELETE FROM account WHERE did = ?");
      for (const did of dropped) remove.run(did);
    });
  }

  await snapshotSqlite(path.join(dataDir, SEQUENCER_DB), path.join(target, SEQUENCER_DB));
  const { removed, lastSeq } = openCopy(path.join(target, SEQUENCER_DB), (db) => ({
    ...trimSequencer(db, marks, seqBefore, dropped),
    lastSeq: (db.prepare("SELECT MAX(seq) AS seq FROM repo_seq").get() as { seq: number | null }).seq ?? 0,
  }));
  databases.push(SEQUENCER_DB);
  if (existsSync(path.join(dataDir, LABELS_DB))) {
    await snapshotSqlite(path.join(dataDir, LABELS_DB), path.join(target, LABELS_DB));
    databases.push(LABELS_DB);
  }

  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    startedAt,
    finishedAt: new Date().toISOString(),
    sourceDataDir: dataDir,
    databases: await Promise.all(databases.map((db) => describeFile(target, db))),
    secrets,
    blobs: await countFiles(path.join(target, BLOBS_DIR)),
    accounts: marks.size,
    lastSeq,
  };
  await writeManifest(target, manifest);
  return { manifest, droppedAccounts: dropped, trimmedEvents: removed };
}

async function snapshotActor(
  did: string,
  relative: string,
  at: {
    dataDir: string;
    target: string;
    blobstoreDir: string;
    blobDirOf: (did: string) => Promise<string | undefined>;
  },
): Promise<ActorSnapshotMark> {
  const copy = path.join(at.target, relative);
  const blobsTo = path.join(at.target, BLOBS_DIR);
  for (let attempt = 1; attempt <= SNAPSHOT_ATTEMPTS; attempt++) {
    await mkdir(path.dirname(copy), { recursive: true });
    await rm(copy, { force: true });
    await snapshotSqlite(path.join(at.dataDir, relative), copy);
    const db = new DatabaseSync(copy);
    try {
      const blobs = await copyActorBlobs({
        did,
        snapshot: db,
        blobDir: () => at.blobDirOf(did),
        from: at.blobstoreDir,
        to: blobsTo,
      });
      if (blobs.missing.length === 0) return { lastOutboxId: lastOutboxId(db) };
    } finally {
      db.close();
    }
    // Start this account's blobs over too, so the backup holds no file its final snapshot lacks.
    await removeBlobCopies(did, blobsTo, at.blobDirOf);
  }
  throw new BackupError(`blobs of ${did} kept vanishing during ${SNAPSHOT_ATTEMPTS} snapshots of its store`);
}

async function removeBlobCopies(
  did: string,
  blobsTo: string,
  blobDirOf: (did: string) => Promise<string | undefined>,
): Promise<void> {
  const dir = await blobDirOf(did);
  if (dir) await rm(path.join(blobsTo, dir), { recursive: true, force: true });
  await rm(path.join(blobsTo, BLOB_TEMP_DIR, encodeURIComponent(did)), { recursive: true, force: true });
}
