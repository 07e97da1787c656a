// At startup, events committed to an actor's outbox but not yet in the firehose log (a crash between
// the two databases' commits) are moved over, and the account DB's copy of each head is refreshed.
import type { AppContext } from "../context.ts";

export async function recoverOutboxes(ctx: AppContext): Promise<void> {
  let moved = 0;
  for (const did of await ctx.accounts.allDids()) {
    if (!(await ctx.actors.exists(did))) continue;
    const actor = ctx.actors.get(did);
    moved += await ctx.sequencer.drain(actor);
    const root = await actor.repo.root();
    if (root) await ctx.accounts.updateRoot(did, root.cid.toString(), root.rev);
  }
  if (moved > 0) ctx.logger.warn({ moved }, "recovered firehose events from actor outboxes");
}
