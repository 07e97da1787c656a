// The one commit path. Every change to a repo (record writes, the genesis commit, an imported repo) is
// signed here and stored in ONE actor-DB transaction together with its blocks, the record index, blob
// references, the new head and its firehose events in the outbox, so what a commit guarantees (it is
// durable with its event, or neither happened) is written once. Callers hold the actor's write lock and
// bring the new tree; the caller drains the outbox to the sequencer afterwards.
import { TID } from "@atproto/common";
import type { Keypair } from "@atproto/crypto";
import { cidForLex, encode } from "@atproto/lex-cbor";
import type { Cid, LexMap } from "@atproto/lex-data";
import { type BlockMap, type MST, signCommit } from "@atproto/repo";
import { transact } from "@atrarium/sqlite";
import type { SqliteActor } from "./actor.ts";
import { commitEvent, type QueuedEvent, syncEvent } from "./commit-events.ts";
import { appendEvents } from "./outbox.ts";
import { applyRecordBlobs, type RecordBlobChanges, settleBlobFiles } from "./record-blobs.ts";
import type { AccountEvent, CommitOp, CommitResult, RepoRoot } from "./types.ts";

export interface RepoChange {
  /** The tree after the change; it becomes the cached head. */
  data: MST;
  /** The head it replaces (none for a genesis commit) and its tree root, the #commit's `prevData`. */
  prev: (RepoRoot & { data: Cid | null }) | null;
  /** The new rev must also sort after this one (the rev of an imported repo). */
  minRev?: string;
  /** MST nodes and records the commit adds, and the blocks it made unreachable. */
  newBlocks: BlockMap;
  removedCids: Cid[];
  /** An import: every block and record of the previous repo goes. */
  replaceAll?: boolean;
  ops: CommitOp[];
  blobs: RecordBlobChanges;
  /** What the firehose hears of it: null for nothing (an account that is not announced yet). */
  firehose: {
    /** Account events queued ahead of the #commit (a new account's #identity and #account). */
    before: AccountEvent[];
    /** Blocks a consumer needs to check the ops: new blocks, written records, covering proofs. */
    proofBlocks: BlockMap;
    /** Also a #sync (a new repo: consumers can start tracking it with no prior state). */
    sync: boolean;
  } | null;
}

export async function applyCommit(
  actor: SqliteActor,
  keypair: Keypair,
  change: RepoChange,
): Promise<CommitResult> {
  const after = [change.prev?.rev, change.minRev].filter((r) => r !== undefined).sort();
  const rev = TID.nextStr(after[after.length - 1]);
  const unsigned = {
    did: actor.did,
    version: 3 as const,
    rev,
    prev: null,
    data: await change.data.getPointer(),
  };
  const signed = (await signCommit(unsigned, keypair)) as unknown as LexMap;
  const commit = { cid: await cidForLex(signed), bytes: encode(signed) };
  const events = await firehoseEvents(actor.did, { ...commit, rev }, change);
  const now = new Date().toISOString();

  let lastOutboxId = 0;
  const started = performance.now();
  const droppedBlobs = transact(actor.db, () => {
    if (change.replaceAll) {
      actor.stmt("DELETE FROM repo_block").run();
      actor.stmt("DELETE FROM record").run();
    }
    const putBlock = actor.stmt("INSERT OR IGNORE INTO repo_block (cid, repo_rev, content) VALUES (?, ?, ?)");
    for (const { cid, bytes } of change.newBlocks.entries()) putBlock.run(cid.bytes, rev, bytes);
    putBlock.run(commit.cid.bytes, rev, commit.bytes);
    writeRecordIndex(actor, change.ops, rev, now);
    const dropped = applyRecordBlobs(actor, change.blobs);
    const delBlock = actor.stmt("DELETE FROM repo_block WHERE cid = ?");
    const stillUsed = actor.stmt("SELECT 1 FROM record WHERE cid = ? LIMIT 1");
    for (const cid of change.removedCids) {
      // A record CID can be shared by two records with identical content: keep it while one remains.
      if (!stillUsed.get(cid.bytes)) delBlock.run(cid.bytes);
    }
    if (change.prev && !change.replaceAll) delBlock.run(change.prev.cid.bytes);
    actor
      .stmt(
        `INSERT INTO repo_root (id, did, cid, rev, indexed_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET cid = excluded.cid, rev = excluded.rev, indexed_at = excluded.indexed_at`,
      )
      .run(actor.did, commit.cid.bytes, rev, now);
    lastOutboxId = appendEvents(actor, events);
    return dropped;
  });
  const { observer } = actor.deps;
  observer?.committed(actor.did, (performance.now() - started) / 1000);
  if (events.length > 0) observer?.eventsQueued(actor.did, lastOutboxId, events.length);
  actor.setHead({ cid: commit.cid, rev, data: change.data });
  await settleBlobFiles(actor, change.blobs, droppedBlobs);
  return { cid: commit.cid, rev, ops: change.ops };
}

async function firehoseEvents(
  did: string,
  commit: { cid: Cid; bytes: Uint8Array; rev: string },
  change: RepoChange,
): Promise<QueuedEvent[]> {
  if (!change.firehose) return [];
  const { before, proofBlocks, sync } = change.firehose;
  const event = await commitEvent(
    did,
    { ...commit, since: change.prev?.rev ?? null, prevData: change.prev?.data ?? null },
    change.ops,
    proofBlocks,
    change.blobs.newBlobCids,
  );
  return [...before, event, ...(sync ? [await syncEvent(did, commit.rev, commit)] : [])];
}

function writeRecordIndex(actor: SqliteActor, ops: CommitOp[], rev: string, now: string): void {
  const upsert = actor.stmt(
    `INSERT INTO record (uri, cid, collection, rkey, repo_rev, indexed_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (uri) DO UPDATE SET cid = excluded.cid, repo_rev = excluded.repo_rev, indexed_at = excluded.indexed_at`,
  );
  const del = actor.stmt("DELETE FROM record WHERE uri = ?");
  for (const op of ops) {
    const [collection, rkey] = op.path.split("/");
    const uri = `at://${actor.did}/${op.path}`;
    if (op.action === "delete") del.run(uri);
    else upsert.run(uri, (op.cid as Cid).bytes, collection, rkey, rev, now);
  }
}
