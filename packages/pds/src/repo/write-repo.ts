// Commit, then move the commit's event into the firehose log and refresh the account DB's head copy.
import type { Cid } from "@atproto/lex-data";
import type { CommitResult } from "../actor-store/types.ts";
import type { AppContext } from "../context.ts";
import { XrpcError } from "../xrpc/errors.ts";
import type { PreparedWrite } from "./prepare.ts";

export async function writeRepo(
  ctx: AppContext,
  did: string,
  writes: PreparedWrite[],
  opts: { swapCommit?: Cid } = {},
): Promise<CommitResult> {
  try {
    const result = await ctx.actors.get(did).repo.applyWrites(writes, opts);
    // Looked up again: once the write lock is released, a busy server's LRU may have closed the store
    // the commit went through (its outbox rows are then drained through a fresh handle on the file).
    await ctx.sequencer.drain(ctx.actors.get(did));
    await ctx.accounts.updateRoot(did, result.cid.toString(), result.rev);
    return result;
  } catch (err) {
    // The account was deleted while this write waited for the repo's lock: its store is gone.
    if (!(await ctx.accounts.byDid(did)))
      throw new XrpcError(400, "InvalidRequest", `Could not find repo: ${did}`);
    throw err;
  }
}
