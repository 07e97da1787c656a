// Commit, then move the commit's event into the firehose log and refresh the account DB's head copy.
import type { Cid } from "@atproto/lex-data";
import { type CommitResult, commitWrites } from "../actor-store/repo-writer.ts";
import type { AppContext } from "../context.ts";
import type { PreparedWrite } from "./prepare.ts";

export async function writeRepo(
  ctx: AppContext,
  did: string,
  writes: PreparedWrite[],
  opts: { swapCommit?: Cid } = {},
): Promise<CommitResult> {
  const actor = ctx.actors.get(did);
  const result = await commitWrites(actor, writes, {
    ...opts,
    blobstore: ctx.blobstore,
    onBlobError: (err) => ctx.logger.warn({ err, did }, "could not remove blob files after a commit"),
  });
  // Looked up again: once the write lock is released, a busy server's LRU may have closed `actor`
  // (its outbox rows are then drained through a fresh handle on the same file).
  ctx.sequencer.drain(ctx.actors.get(did));
  ctx.accounts.updateRoot(did, result.cid.toString(), result.rev);
  return result;
}
