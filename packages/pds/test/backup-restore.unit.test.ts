// The backup's bookkeeping without a server: trimming the firehose log to the actor snapshots, and
// what restore refuses (an unfinished or altered backup, a directory in use) and how it replaces one.

import { createHash, randomBytes } from "node:crypto";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { cidForRawHash } from "@atproto/lex-data";
import { closeSqlite } from "@atrarium/sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openAccountDb } from "../src/account/account-db.ts";
import { openActorDb } from "../src/actor-store/actor-db.ts";
import { backupPds } from "../src/backup/backup.ts";
import { copyActorBlobs } from "../src/backup/copy-blobs.ts";
import { BackupError } from "../src/backup/manifest.ts";
import { restorePds, verifyBackup } from "../src/backup/restore.ts";
import { trimSequencer } from "../src/backup/trim-sequencer.ts";
import { openLabelsDb } from "../src/labels/labels-db.ts";
import { openSequencerDb } from "../src/sequencer/sequencer-db.ts";

describe("trimSequencer", () => {
  it("drops events newer than their repo's snapshot or of repos not backed up, and clamps drained marks", () => {
    const log = openSequencerDb(":memory:");
    const insert = log.prepare(
      "INSERT INTO repo_seq (seq, did, event_type, frame, sequenced_at, source) VALUES (?, ?, 'commit', x'00', '', ?)",
    );
    const events: [number, string, number][] = [
      [1, "did:a", 1],
      [2, "did:b", 1],
      [3, "did:a", 2],
      [4, "did:a", 3],
      [5, "did:b", 2],
      [6, "did:c", 1],
      [7, "did:d", 5],
    ];
    for (const [seq, did, id] of events) insert.run(seq, did, `${did}:${id}`);
    const mark = log.prepare("INSERT INTO outbox_drained (did, outbox_id) VALUES (?, ?)");
    mark.run("did:a", 3);
    mark.run("did:b", 2);
    mark.run("did:c", 1);

    insert.run(0, "did:d", "did:d:4");
    // a's snapshot had assigned outbox rows up to 2, b's up to 5; c is not in the backup; d was
    // deleted while the backup ran.
    const actors = new Map([
      ["did:a", { lastOutboxId: 2 }],
      ["did:b", { lastOutboxId: 5 }],
    ]);
    expect(trimSequencer(log, actors, 1, ["did:d"])).toEqual({ removed: 4 });
    expect(
      log
        .prepare("SELECT seq FROM repo_seq ORDER BY seq")
        .all()
        .map((r) => r.seq),
    ).toEqual([1, 2, 3, 5]);
    expect(log.prepare("SELECT did, outbox_id FROM outbox_drained ORDER BY did").all()).toEqual([
      { did: "did:a", outbox_id: 2 },
      { did: "did:b", outbox_id: 2 },
    ]);
    closeSqlite(log);
  });
});

describe("backup and restore of a data directory", () => {
  let root: string;
  let dataDir: string;
  let backupDir: string;

  beforeEach(async () => {
    root = mkdtempSync(path.join(tmpdir(), "pds-backup-unit-"));
    dataDir = path.join(root, "data");
    backupDir = path.join(root, "backup");
    closeSqlite(openAccountDb(path.join(dataDir, "account.sqlite")));
    closeSqlite(openSequencerDb(path.join(dataDir, "sequencer.sqlite")));
    writeFileSync(path.join(dataDir, "secrets.json"), "{}");
    await backupPds({ dataDir, blobstoreDir: path.join(dataDir, "blobs") }, backupDir);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("keeps the server's labels when it has any", async () => {
    const labels = openLabelsDb(path.join(dataDir, "labels.sqlite"));
    labels
      .prepare("INSERT INTO label (src, uri, val, cts, sig) VALUES (?, ?, ?, ?, ?)")
      .run("did:web:pds.example", "did:plc:someone", "spam", new Date().toISOString(), new Uint8Array([1]));
    closeSqlite(labels);
    const second = path.join(root, "with-labels");
    const { manifest } = await backupPds({ dataDir, blobstoreDir: path.join(dataDir, "blobs") }, second);
    expect(manifest.databases.map((d) => d.path)).toContain("labels.sqlite");
    await verifyBackup(second);
    const target = path.join(root, "restored-labels");
    await restorePds(second, target);
    const restored = openLabelsDb(path.join(target, "labels.sqlite"));
    expect(restored.prepare("SELECT uri, val FROM label").all()).toEqual([
      { uri: "did:plc:someone", val: "spam" },
    ]);
    closeSqlite(restored);
  });

  it("refuses to write a backup over another", async () => {
    await expect(
      backupPds({ dataDir, blobstoreDir: path.join(dataDir, "blobs") }, backupDir),
    ).rejects.toThrow(/is not empty/);
  });

  it("restores into a fresh directory and renames nothing else", async () => {
    const target = path.join(root, "restored");
    const result = await restorePds(backupDir, target);
    expect(result.replaced).toBeNull();
    expect(readdirSync(target).sort()).toEqual(
      ["account.sqlite", "restored-from.json", "secrets.json", "sequencer.sqlite"].sort(),
    );
    expect(readdirSync(root).sort()).toEqual(["backup", "data", "restored"]);
  });

  it("refuses a target in use unless forced, and then moves it aside", async () => {
    const target = path.join(root, "restored");
    mkdirSync(target);
    writeFileSync(path.join(target, "old.txt"), "old");
    await expect(restorePds(backupDir, target)).rejects.toThrow(/not empty/);
    expect(readdirSync(target)).toEqual(["old.txt"]);

    const result = await restorePds(backupDir, target, { force: true });
    expect(existsSync(path.join(target, "account.sqlite"))).toBe(true);
    expect(readdirSync(result.replaced as string)).toEqual(["old.txt"]);
  });

  it("refuses a backup without its manifest or differing from it", async () => {
    appendFileSync(path.join(backupDir, "account.sqlite"), "x");
    await expect(verifyBackup(backupDir)).rejects.toThrow(/account.sqlite in the backup differs/);
    rmSync(path.join(backupDir, "manifest.json"));
    await expect(restorePds(backupDir, path.join(root, "restored"))).rejects.toThrow(BackupError);
    expect(existsSync(path.join(root, "restored"))).toBe(false);
  });
});

describe("copyActorBlobs", () => {
  const did = "did:plc:blobowner";
  const didDir = path.join("ab", encodeURIComponent(did));
  let root: string;
  let from: string;
  let to: string;
  const blob = () => {
    const bytes = randomBytes(64);
    return { bytes, cid: cidForRawHash(createHash("sha256").update(bytes).digest()).toString() };
  };
  const put = (relative: string, bytes: Uint8Array) => {
    mkdirSync(path.dirname(path.join(from, relative)), { recursive: true });
    writeFileSync(path.join(from, relative), bytes);
  };

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "pds-backup-blobs-"));
    from = path.join(root, "live");
    to = path.join(root, "backup");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("copies what the snapshot indexes, reports permanent blobs gone, and forgets uploads gone", async () => {
    const db = openActorDb(path.join(root, "store.sqlite"));
    const row = db.prepare(
      "INSERT INTO blob (cid, mime_type, size, temp_key, created_at) VALUES (?, 'image/png', 64, ?, '')",
    );
    const [kept, vanished, upload, promoted, swept] = [blob(), blob(), blob(), blob(), blob()];
    put(path.join(didDir, kept.cid), kept.bytes);
    row.run(kept.cid, null);
    row.run(vanished.cid, null);
    put(path.join("tmp", encodeURIComponent(did), "k1"), upload.bytes);
    row.run(upload.cid, "k1");
    // Promoted after the snapshot: only its permanent file is left.
    put(path.join(didDir, promoted.cid), promoted.bytes);
    row.run(promoted.cid, "k2");
    row.run(swept.cid, "k3");

    const result = await copyActorBlobs({ did, snapshot: db, blobDir: async () => didDir, from, to });
    expect(result).toEqual({ copied: 3, bytes: 3 * 64, missing: [vanished.cid] });
    expect(existsSync(path.join(to, didDir, kept.cid))).toBe(true);
    expect(existsSync(path.join(to, "tmp", encodeURIComponent(did), "k1"))).toBe(true);
    expect(existsSync(path.join(to, "tmp", encodeURIComponent(did), "k2"))).toBe(true);
    const left = db
      .prepare("SELECT cid FROM blob ORDER BY cid")
      .all()
      .map((r) => r.cid);
    expect(left).toEqual([kept.cid, vanished.cid, upload.cid, promoted.cid].sort());
    closeSqlite(db);
  });

  it("refuses a blob file that does not match its CID", async () => {
    const db = openActorDb(path.join(root, "store.sqlite"));
    const b = blob();
    put(path.join(didDir, b.cid), randomBytes(64));
    db.prepare(
      "INSERT INTO blob (cid, mime_type, size, temp_key, created_at) VALUES (?, 'image/png', 64, NULL, '')",
    ).run(b.cid);
    await expect(
      copyActorBlobs({ did, snapshot: db, blobDir: async () => didDir, from, to }),
    ).rejects.toThrow(/does not match its CID/);
    expect(existsSync(path.join(to, didDir, `${b.cid}.partial`))).toBe(false);
    closeSqlite(db);
  });
});
