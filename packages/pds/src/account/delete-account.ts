// Deleting an account, ordered so a crash (kill -9) at any point leaves nothing that can sign in
// without a repo, and a restart finishes what was started:
//   1. under the repo's write lock (no commit of the account interleaves): its queued events are
//      drained, then the account row goes with its sessions and tokens, the handle is free, and the
//      deletion is recorded as pending, all in one account-DB transaction;
//   2. the firehose log loses the account's earlier events and gains #account (status: deleted);
//   3. blob files and the actor store (repo, records, signing key) are removed;
//   4. the pending record is cleared.
// Steps 2-4 are idempotent; at startup every pending deletion runs them again.
import type { AppContext } from "../context.ts";
import type { PendingDeletion } from "./types.ts";

export async function deleteAccount(ctx: AppContext, did: string): Promise<void> {
  if (!(await ctx.actors.exists(did))) {
    await finishDeletion(ctx, await ctx.accounts.beginDeletion(did));
    return;
  }
  const actor = ctx.actors.get(did);
  // Held to the end: a write queued behind this one finds the store gone instead of committing to it.
  await actor.exclusive(async () => {
    await ctx.sequencer.drain(actor);
    await finishDeletion(ctx, await ctx.accounts.beginDeletion(did));
  });
}

export async function finishDeletion(ctx: AppContext, deletion: PendingDeletion): Promise<void> {
  const { did } = deletion;
  await ctx.sequencer.retireAccount(did, deletion.deletedAt);
  await ctx.blobstore.deleteAll(did);
  await ctx.actors.destroy(did);
  await ctx.accounts.finishDeletion(did);
}

export async function resumeDeletions(ctx: AppContext): Promise<void> {
  const pending = await ctx.accounts.pendingDeletions();
  for (const deletion of pending) await finishDeletion(ctx, deletion);
  if (pending.length > 0)
    ctx.logger.warn({ dids: pending.map((d) => d.did) }, "finished account deletions a restart interrupted");
}
