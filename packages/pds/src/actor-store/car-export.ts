// A repo's CAR read from one WAL snapshot. The export gets a read-only connection of its own holding a
// read transaction from its first block to its last, so a commit meanwhile (which deletes the blocks it
// made unreachable) neither tears the CAR nor waits for it. Rows are stepped one at a time and the CAR
// bytes gathered into CHUNK_BYTES pieces: memory stays flat whatever the repo's size. The price: while
// an export runs, that account's WAL cannot be checkpointed past the snapshot.
import { DatabaseSync } from "node:sqlite";
import { decodeCid } from "@atproto/lex-data";
import { type CarBlock, writeCarStream } from "@atproto/repo";

const CHUNK_BYTES = 64 * 1024;

// Nothing is opened until the first chunk is asked for, so an export that is never read leaks nothing;
// one abandoned half-way is closed by the generator's return().
export async function* exportCarFromSnapshot(file: string, since?: string): AsyncGenerator<Uint8Array> {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    // As the store's own connection: a reader can meet a brief lock (WAL recovery, a checkpoint).
    db.exec("PRAGMA busy_timeout = 5000; BEGIN");
    const row = db.prepare("SELECT cid FROM repo_root WHERE id = 1").get() as { cid: Uint8Array } | undefined;
    if (!row) throw new Error(`no repo in ${file}`);
    yield* coalesce(writeCarStream(decodeCid(row.cid), blocks(db, since)));
  } finally {
    if (db.isTransaction) db.exec("ROLLBACK");
    db.close();
  }
}

// Only live blocks are stored (each commit deletes the ones it made unreachable), so the whole repo is
// one table scan; `since` keeps the blocks of later revs.
async function* blocks(db: DatabaseSync, since?: string): AsyncGenerator<CarBlock> {
  const rows = (
    since === undefined
      ? db.prepare("SELECT cid, content FROM repo_block").iterate()
      : db.prepare("SELECT cid, content FROM repo_block WHERE repo_rev > ?").iterate(since)
  ) as Iterable<{ cid: Uint8Array; content: Uint8Array }>;
  for (const r of rows) yield { cid: decodeCid(r.cid), bytes: r.content };
}

async function* coalesce(parts: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let buf = new Uint8Array(CHUNK_BYTES);
  let used = 0;
  for await (const part of parts) {
    if (used > 0 && used + part.byteLength > CHUNK_BYTES) {
      yield buf.subarray(0, used);
      buf = new Uint8Array(CHUNK_BYTES);
      used = 0;
    }
    if (part.byteLength >= CHUNK_BYTES) {
      yield part;
      continue;
    }
    buf.set(part, used);
    used += part.byteLength;
  }
  if (used > 0) yield buf.subarray(0, used);
}
