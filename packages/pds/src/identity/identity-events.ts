// Follows our own firehose log and drops cached identity data for every DID an #identity event names:
// whatever emitted it (a handle change, a submitted PLC operation, an activation), the DID document or
// handle may have changed, and the next resolution must fetch them anew. Reading the log rather than
// hooking each emitter keeps future emitters covered. Runs until the sequencer closes.
import type { AppContext } from "../context.ts";
import { invalidateIdentity } from "./identity-resolution.ts";

// Frames are read along with the rows: bound a batch by bytes too (commits can be large).
const BATCH = 500;
const BATCH_BYTES = 4 * 1024 * 1024;

export function watchIdentityEvents(ctx: AppContext): () => void {
  let stopped = false;
  const run = async () => {
    let cursor = await ctx.sequencer.lastSeq();
    while (!stopped && !ctx.sequencer.isClosed()) {
      await ctx.sequencer.waitForAfter(cursor);
      if (stopped || ctx.sequencer.isClosed()) return;
      const entries = await ctx.sequencer.readAfter(cursor, BATCH, BATCH_BYTES);
      for (const entry of entries) {
        if (entry.eventType === "#identity") invalidateIdentity(ctx, entry.did);
        cursor = entry.seq;
      }
      // Events purged before we read them: carry on from the newest.
      if (entries.length === 0) cursor = await ctx.sequencer.lastSeq();
    }
  };
  void run().catch((err) => {
    if (!ctx.sequencer.isClosed()) ctx.logger.error({ err }, "identity cache invalidation stopped");
  });
  return () => {
    stopped = true;
  };
}
