// Removes uploads no record took up within the grace period (the blob-sweeper job, jobs/pds-jobs.ts).
// It walks the blob store's temp area, not every actor store, so its cost follows pending uploads
// rather than accounts. The actor store settles each one under the repo's write lock, so it cannot
// race a commit that is making the same blob permanent.
import type { AppContext } from "../context.ts";

export async function sweepTempBlobs(ctx: AppContext, now = ctx.clock.now()): Promise<number> {
  let removed = 0;
  for await (const temp of ctx.blobstore.listTemp()) {
    if (now - temp.modifiedAt < ctx.cfg.blobGracePeriodMs) continue;
    if (!(await ctx.actors.exists(temp.did))) {
      await ctx.blobstore.deleteTemp(temp.did, temp.key);
      continue;
    }
    if (await ctx.actors.get(temp.did).blobs.sweepUpload(temp.key)) removed++;
  }
  return removed;
}
